"""The Solicitud and the Acuerdo as PDFs: their text, their QR, their empty signature
field, and a real PAdES signature made into that field by incremental update."""

import hashlib
from io import BytesIO

import pytest
import zxingcpp
from django.conf import settings
from django.utils import timezone
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pypdf import PdfReader

from clavepatronal.documents.constants import SIGNATURE_FIELD_NAME
from tests.employers.factories import RegistrationFactory
from tests.pki import make_pki

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pki():
    return make_pki()


@pytest.fixture
def registration(db):
    return RegistrationFactory(sector="ARTESANO")


def pdf_text(content: bytes) -> str:
    reader = PdfReader(BytesIO(content))
    return " ".join(
        " ".join((page.extract_text() or "").split()) for page in reader.pages
    )


def both(registration):
    return {
        "solicitud": registration.solicitud,
        "acuerdo": registration.acuerdo,
    }


def test_text_shows_every_registration_datum(registration):
    for name, document in both(registration).items():
        text = pdf_text(bytes(document.content))
        for expected in (
            document.code_display,
            f"Generado el {timezone.localtime(document.created):%d/%m/%Y}",
            "1710034065001",
            "Comercial Andina S.A.",
            "Artesano calificado",
            "Venta al por mayor de alimentos",
            "Pichincha",
            "Quito",
            "Av. 10 de Agosto N24-12 y Luis Cordero",
            "02 254 3210",
            "empleador@ejemplo.ec",
            "JNDA-2025-1234",
            "Juan Carlos Pérez Andrade",
            "0926687856",
            "Ecuatoriana",
            "juan.perez@ejemplo.ec",
            "099 123 4567",
            "Firma manuscrita",
        ):
            assert expected in text, (name, expected)


def test_solicitud_carries_the_authorization_and_the_acuerdo_its_clauses(registration):
    solicitud = pdf_text(bytes(registration.solicitud.content))
    assert "Solicitud de entrega de clave patronal" in solicitud
    assert "Autorización de Retiro de Contraseña" in solicitud
    assert "Autorizo a Rosa Elena Quishpe Toapanta, con pasaporte AB123456" in solicitud
    acuerdo = pdf_text(bytes(registration.acuerdo.content))
    assert "Acuerdo de Responsabilidad y Uso de la Información" in acuerdo
    for clause in (
        "Confidencialidad",
        "Aviso de cambios",
        "uso indebido",
        "datos personales",
    ):
        assert clause in acuerdo


def test_without_authorization_the_section_says_so():
    registration = RegistrationFactory(without_authorization=True)
    text = pdf_text(bytes(registration.solicitud.content))
    assert "No se autoriza a otra persona" in text
    assert "Rosa Elena" not in text


def test_codes_are_unique_and_hashes_match_the_stored_bytes(registration):
    solicitud, acuerdo = registration.solicitud, registration.acuerdo
    assert solicitud.code != acuerdo.code
    assert len(solicitud.code) == 16
    for document in (solicitud, acuerdo):
        content = bytes(document.content)
        assert document.sha256 == hashlib.sha256(content).hexdigest()
        assert document.size == len(content)


def test_each_pdf_has_one_empty_signature_field(registration):
    for document in both(registration).values():
        fields = PdfReader(BytesIO(bytes(document.content))).get_fields()
        assert list(fields) == [SIGNATURE_FIELD_NAME]
        field = fields[SIGNATURE_FIELD_NAME]
        assert field["/FT"] == "/Sig"
        assert field.get("/V") is None  # empty: the representative signs it


def test_qr_decodes_to_the_public_verification_page(registration):
    for document in both(registration).values():
        page = PdfReader(BytesIO(bytes(document.content))).pages[0]
        images = [image.image for image in page.images]
        decoded = [
            result.text for image in images for result in zxingcpp.read_barcodes(image)
        ]
        assert decoded == [
            f"{settings.PUBLIC_BASE_URL}/documentos/verificar/{document.code}/"
        ]


def sign(content: bytes, pki) -> bytes:
    signer = signers.SimpleSigner(
        signing_cert=pki.signer_cert,
        signing_key=pki.signer_key,
        cert_registry=SimpleCertificateStore.from_certs([pki.ca_cert]),
    )
    output = signers.sign_pdf(
        IncrementalPdfFileWriter(BytesIO(content)),
        signers.PdfSignatureMetadata(field_name=SIGNATURE_FIELD_NAME),
        signer=signer,
    )
    return output.getvalue()


def test_pyhanko_signs_into_the_field_keeping_our_bytes_as_a_prefix(registration, pki):
    for document in both(registration).values():
        original = bytes(document.content)
        signed = sign(original, pki)
        assert signed.startswith(original)
        assert hashlib.sha256(signed[: document.size]).hexdigest() == document.sha256
        embedded = PdfFileReader(BytesIO(signed)).embedded_signatures
        assert [signature.field_name for signature in embedded] == [
            SIGNATURE_FIELD_NAME
        ]
        status = validate_pdf_signature(
            embedded[0], ValidationContext(trust_roots=[pki.ca_cert])
        )
        assert status.bottom_line, status.pretty_print_details()


def test_a_changed_byte_after_signing_breaks_the_signature(registration, pki):
    signed = bytearray(sign(bytes(registration.solicitud.content), pki))
    position = registration.solicitud.size // 2  # inside our bytes, which it covers
    signed[position] ^= 0x01
    embedded = PdfFileReader(BytesIO(bytes(signed)), strict=False).embedded_signatures
    status = validate_pdf_signature(
        embedded[0], ValidationContext(trust_roots=[pki.ca_cert])
    )
    assert not status.intact
    assert not status.bottom_line


def test_foreign_names_are_printed_as_typed():
    registration = RegistrationFactory(
        foreign_representative=True,
        rep_identification="EP1234567",
        rep_names="Łukasz Żółkiewski Ελένη",
        rep_nationality="Polaca",
    )
    text = pdf_text(bytes(registration.solicitud.content))
    assert "Łukasz Żółkiewski Ελένη" in text
    assert "Pasaporte: EP1234567" in text


LONG_RAZON_SOCIAL = " ".join(
    ["COOPERATIVA DE AHORRO Y CREDITO DE LOS TRABAJADORES DEL SECTOR"] * 5
)[:300].strip()


def test_a_300_character_razon_social_wraps_inside_the_page():
    """The SRI's name whatever its length: whole in both PDFs, on lines no longer
    than the body text's (about 120 characters; unwrapped it would be 300)."""
    assert len(LONG_RAZON_SOCIAL) >= 299
    registration = RegistrationFactory(business_name=LONG_RAZON_SOCIAL)
    for name, document in both(registration).items():
        content = bytes(document.content)
        text = pdf_text(content)
        assert all(word in text for word in LONG_RAZON_SOCIAL.split()), name
        lines = [
            line
            for page in PdfReader(BytesIO(content)).pages
            for line in (page.extract_text() or "").splitlines()
        ]
        assert max(len(line) for line in lines) <= 130, name
