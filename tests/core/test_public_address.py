"""Issue 17 (2): links and QR codes use PUBLIC_BASE_URL; `make run` on another port
mails links to that port; production refuses to start without it."""

import os
import quopri
import re
import signal
import socket
import subprocess
import time

import pytest
import requests

from tests.subprocesses import ROOT, run_python

from .test_settings import PRODUCTION_ENV

RESUME = re.compile(r"(http://[\w.:]+)(/registro/continuar/[^\s/]+/)")


def test_production_refuses_to_start_without_a_public_address():
    env = dict(PRODUCTION_ENV)
    del env["PUBLIC_BASE_URL"]
    result = run_python("manage.py", "check", env=env)
    assert result.returncode != 0
    assert "PUBLIC_BASE_URL" in result.stderr


def test_dev_settings_follow_the_port():
    command = ["manage.py", "shell", "-v", "0", "-c"]
    code = "from django.conf import settings; print(settings.PUBLIC_BASE_URL)"
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.dev", "PORT": "8095"}
    result = run_python(*command, code, env=env)
    assert result.stdout.strip() == "http://127.0.0.1:8095", result.stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with socket.socket() as probe:  # the stand-in SRI takes the next one
        if probe.connect_ex(("127.0.0.1", port + 1)) == 0:
            pytest.skip("el puerto siguiente está ocupado")
    return port


def _mail(var_dir) -> str:
    texts = [path.read_bytes() for path in sorted((var_dir / "mail").glob("*"))]
    return quopri.decodestring(b"".join(texts)).decode("utf-8", "replace")


def _post(session, base, path, data):
    session.get(base + path)
    data = {**data, "csrfmiddlewaretoken": session.cookies["csrftoken"]}
    return session.post(base + path, data=data, allow_redirects=False)


def _wait(base: str, server) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert server.poll() is None, "make run terminó antes de servir"
        try:
            if requests.get(base + "/salud/", timeout=10).ok:
                return
        except requests.RequestException:  # not up yet, or busy starting
            time.sleep(0.5)
    pytest.fail("make run no respondió en 180 s")


def _save_for_later(base: str, var_dir) -> str:
    """A public entity's registration up to «Guardar y continuar después»."""
    browser = requests.Session()
    response = _post(browser, base, "/registro/nuevo/sector/", {"sector": "PUBLICO"})
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
    response = _post(browser, base, employer_path, employer)
    assert response.status_code == 302, response.text[:2000]
    save_path = employer_path.replace("/empleador/", "/guardar/")
    _post(browser, base, save_path, {})
    code = re.findall(r"^\s+(\d{6})\s*$", _mail(var_dir), re.MULTILINE)[-1]
    response = _post(browser, base, save_path, {"code": code})
    assert response.status_code == 302, response.text[:2000]
    return employer_path


def test_make_run_on_another_port_mails_links_to_that_port(tmp_path):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {"CLAVEPATRONAL_VAR_DIR": str(tmp_path)}
    server = subprocess.Popen(
        ["make", "run", f"PORT={port}", "WEB_CONCURRENCY=1"],
        cwd=ROOT,
        env={**run_env(), **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait(base, server)
        employer_path = _save_for_later(base, tmp_path)
        origin, path = RESUME.search(_mail(tmp_path)).groups()
        assert origin == base
        phone = requests.Session()
        response = phone.get(origin + path)
        assert response.ok
        assert response.url.startswith(base + employer_path.split("empleador")[0])
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def run_env() -> dict[str, str]:
    """This environment less the project's variables (tests/subprocesses.py)."""
    prefixes = ("DJANGO_", "DATABASE_URL", "REDIS_URL", "CLAVEPATRONAL_", "PUBLIC_")
    return {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
