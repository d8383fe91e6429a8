import re
import secrets

import pytest
from django.urls import reverse

from tests.employers.factories import CEDULA_REP, RUC_SOCIEDAD

from . import files


@pytest.fixture
def applicant_data(pichincha, clave):
    return {
        "id_type": "CEDULA",
        "id_number": CEDULA_REP,
        "names": "Juan Carlos Pérez Andrade",
        "email": "juan.perez@ejemplo.ec",
        "mobile": "0991234567",
        "employer": RUC_SOCIEDAD,
        "province": str(pichincha.pk),
        "procedure_type": str(clave.pk),
        "message": "Solicito la clave patronal de mi empresa.",
    }


@pytest.fixture
def good_files(registration, trusted_ca):
    """The four uploads of a private employer whose representative has a cédula."""
    return {
        "ruc": ("ruc.jpg", files.jpg(exif=True)),
        "solicitud": (
            "solicitud-firmada.pdf",
            files.sign(registration.solicitud, trusted_ca, CEDULA_REP),
        ),
        "cedula-representante": ("cedula.pdf", files.pdf()),
        "acuerdo": (
            "acuerdo-firmado.pdf",
            files.sign(registration.acuerdo, trusted_ca, CEDULA_REP),
        ),
    }


class Ventanilla:
    """Drives the two pages of Recepción de trámites with Django's test client;
    `start` opens a new draft (a tab) and `submit` sends its page 2."""

    def __init__(self, client, applicant_data, on_commit) -> None:
        self.client = client
        self.applicant_data = applicant_data
        self.on_commit = on_commit  # run e-mails queued for the commit, as in life
        self.url = ""  # page 2 of the draft last started

    def start(self, **overrides):
        response = self.client.post(
            reverse("procedures:applicant"), {**self.applicant_data, **overrides}
        )
        if response.status_code == 303:  # refused: its page says why
            page = self.client.get(response["Location"])
            raise AssertionError(page.context["form"].errors)
        assert response.status_code == 302, response.status_code
        self.url = response["Location"]
        return response

    def start_from_link(self, registration, **overrides):
        """Page 1 of a draft opened from «Continuar en la ventanilla virtual», the
        signed link mailed to the registration's e-mail: the mailbox's proof."""
        from clavepatronal.procedures.links import continue_token

        opened = self.client.get(
            reverse("procedures:continue", args=[continue_token(registration.number)])
        )
        assert opened.status_code == 302, opened.status_code
        response = self.client.post(
            opened["Location"], {**self.applicant_data, **overrides}
        )
        assert response.status_code == 302, response.status_code
        self.url = response["Location"]
        return response

    @property
    def key(self) -> str:
        return re.search(r"/borrador/([^/]+)/", self.url).group(1)

    def submit(self, uploads: dict, url=None, **fields):
        """Send page 2. A refused send answers 303 to the draft's own page, which
        shows the refusal: that page is returned, with the POST's answer as
        `refused`."""
        url = url or self.url
        with self.on_commit(execute=True):
            response = post_multipart(self.client, url, fields, uploads)
        if response.status_code != 303:
            return response
        assert response["Location"] == url
        page = self.client.get(url)
        page.refused = response
        return page


def post_multipart(client, url, fields: dict, uploads: dict):
    """POST a multipart body built by hand: Django's test client would strip folders
    from file names, and hostile names must reach the server as a browser sends them."""
    boundary = "----limite" + secrets.token_hex(8)
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for field, value in uploads.items():
        for filename, content in value if isinstance(value, list) else [value]:
            parts.append(
                f"--{boundary}\r\nContent-Disposition: form-data; "
                f'name="{field}"; filename="{filename}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n".encode()
                + content
                + b"\r\n"
            )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return client.generic(
        "POST", url, body, content_type=f"multipart/form-data; boundary={boundary}"
    )


@pytest.fixture
def ventanilla(client, applicant_data, django_capture_on_commit_callbacks):
    return Ventanilla(client, applicant_data, django_capture_on_commit_callbacks)
