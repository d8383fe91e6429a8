"""Part of .ci/smoke-run: on a `make run` server started on a port of its own, a
registration saved for later mails its resume link with that port (PUBLIC_BASE_URL
follows PORT), and the link opens the saved registration in another browser.

Usage: .venv/bin/python .ci/smoke_mailed_link.py PORT VAR_DIR
"""

import quopri
import re
import sys
from pathlib import Path

import requests

RESUME = re.compile(r"(http://[\w.:]+)(/registro/continuar/[^\s/]+/)")


def mail(var_dir: Path) -> str:
    texts = [path.read_bytes() for path in sorted((var_dir / "mail").glob("*"))]
    return quopri.decodestring(b"".join(texts)).decode("utf-8", "replace")


def post(session, base, path, data):
    session.get(base + path)
    data = {**data, "csrfmiddlewaretoken": session.cookies["csrftoken"]}
    return session.post(base + path, data=data, allow_redirects=False)


def save_for_later(base: str, var_dir: Path) -> None:
    """A public entity's registration up to «Guardar y continuar después»."""
    browser = requests.Session()
    response = post(browser, base, "/registro/nuevo/sector/", {"sector": "PUBLICO"})
    employer_path = response.headers["Location"]
    page = browser.get(base + employer_path).text
    province = re.search(r'<option value="(\d+)">Pichincha', page).group(1)
    employer = {
        "identification": "1760001550001",
        "business_name": "Entidad de prueba",
        "main_activity": "Administración pública en general",
        "province": province,
        "canton": "Quito",
        "address": "Av. 10 de Agosto N24-12",
        "phone": "02 254 3210",
        "email": "entidad@ejemplo.ec",
    }
    response = post(browser, base, employer_path, employer)
    assert response.status_code == 302, response.text[:2000]
    save_path = employer_path.replace("/empleador/", "/guardar/")
    post(browser, base, save_path, {})
    code = re.findall(r"^\s+(\d{6})\s*$", mail(var_dir), re.MULTILINE)[-1]
    response = post(browser, base, save_path, {"code": code})
    assert response.status_code == 302, response.text[:2000]


def main(port: str, var_dir: str) -> None:
    base = f"http://127.0.0.1:{port}"
    save_for_later(base, Path(var_dir))
    found = RESUME.search(mail(Path(var_dir)))
    assert found, "no llegó el correo con el enlace para continuar"
    origin, path = found.groups()
    assert origin == base, f"el enlace apunta a {origin}, no a {base}"
    phone = requests.Session()  # another device: no cookies
    response = phone.get(origin + path)
    assert response.ok, response.status_code
    # The link opens the saved registration under a fresh key (it works once).
    assert re.match(base + r"/registro/nuevo/[\w-]+/(?!sector/)", response.url), (
        response.url
    )
    assert "Continúa su registro guardado" in response.text, response.text[:2000]
    again = requests.Session().get(origin + path)
    assert "ya se usó" in again.text, "el enlace del correo sirvió dos veces"
    print(f"el enlace del correo apunta al puerto de make run: {origin}{path[:20]}…")


if __name__ == "__main__":
    main(*sys.argv[1:])
