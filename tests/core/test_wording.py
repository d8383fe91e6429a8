"""Issue 17 (8): Spanish that is right by construction — each document with its own
article, the 429 page's real window, no double full stop after a business name, the
opening hours once on the home page, and the README's `firmar_demo` for a passport
(«Le queda 1 intento»: tests/notifications)."""

from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from clavepatronal.core.errors import too_many_requests
from clavepatronal.documents.constants import SIGNATURE_FIELD_NAME
from clavepatronal.documents.pki import pdf_sign, signer_create
from clavepatronal.documents.signatures import SignatureRefused, signature_verify
from tests.employers.factories import CEDULA_REP, RUC_SOCIEDAD, RegistrationFactory

pytestmark = pytest.mark.django_db
README = Path(__file__).resolve().parents[2] / "README.md"


def refusal(document, data: bytes, identification: str = CEDULA_REP) -> str:
    with pytest.raises(SignatureRefused) as refused:
        signature_verify(
            data=data,
            document=document,
            identification=identification,
            ruc=RUC_SOCIEDAD,
        )
    return refused.value.message


def signed_by(document, ca, identification: str) -> bytes:
    signer = signer_create(
        ca=ca, holder_name="OTRA PERSONA", identification=identification
    )
    return pdf_sign(
        bytes(document.content), signer=signer, ca=ca, field_name=SIGNATURE_FIELD_NAME
    )


def test_each_document_takes_its_own_article(registration, trusted_ca):
    unsigned = {
        "solicitud": refusal(
            registration.solicitud, bytes(registration.solicitud.content)
        ),
        "acuerdo": refusal(registration.acuerdo, bytes(registration.acuerdo.content)),
    }
    assert unsigned["solicitud"].startswith("La Solicitud de entrega de clave patronal")
    assert unsigned["acuerdo"].startswith("El Acuerdo de Responsabilidad")
    other = signed_by(registration.acuerdo, trusted_ca, "1710034065")
    wrong_signer = refusal(registration.acuerdo, other)
    assert wrong_signer.startswith("La firma del Acuerdo de Responsabilidad")
    for message in (*unsigned.values(), wrong_signer):
        assert "La Acuerdo" not in message and "de la Acuerdo" not in message


def test_the_429_page_says_the_real_window():
    request = RequestFactory().get("/")
    page = too_many_requests(request, Exception()).content.decode()
    assert "hasta una hora" in page
    assert "unos minutos" not in page


def test_a_business_name_ending_in_a_full_stop_gets_no_second_one(client):
    registration = RegistrationFactory(business_name="Comercial Andina Cía. Ltda.")
    page = render_to_string("employers/done.html", {"registration": registration})
    assert "Cía. Ltda.</strong>." not in page
    assert "Ltda.." not in page
    assert "Comercial Andina Cía. Ltda.</strong> y enviamos" in page


def test_the_home_page_shows_the_opening_hours_once(client):
    page = client.get(reverse("core:home")).content.decode()
    assert page.count("Horarios de atención") == 1
    assert page.count("Centros de Atención a nivel nacional") == 1


def test_the_readme_says_firmar_demo_needs_tipo_for_a_passport():
    text = README.read_text(encoding="utf-8")
    assert "--tipo PASAPORTE" in text
