"""The electronic signature check of a returned Solicitud or Acuerdo, with real
certificates (made with `cryptography`) and real PAdES signatures (pyHanko)."""

import datetime
from io import BytesIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pypdf import PdfReader, PdfWriter

from clavepatronal.documents.constants import SIGNATURE_FIELD_NAME
from clavepatronal.documents.pdf import Signer as SignatureLine
from clavepatronal.documents.pdf import paragraph, render_pdf
from clavepatronal.documents.pki import (
    Layout,
    ca_create,
    cert_pem,
    demo_ca_load_or_create,
    pdf_sign,
    signer_create,
)
from clavepatronal.documents.signatures import (
    SignatureRefused,
    signature_verify,
)
from clavepatronal.documents.truststore import trust_store
from tests.employers.factories import CEDULA_REP, RUC_SOCIEDAD

pytestmark = pytest.mark.django_db
NOW = datetime.datetime.now(datetime.UTC)
DAY = datetime.timedelta(days=1)
NAME = "JUAN CARLOS PEREZ ANDRADE"


def signed(document, ca, **signer_options):
    signer = signer_create(
        ca=ca,
        holder_name=NAME,
        identification=signer_options.pop("identification", CEDULA_REP),
        **signer_options,
    )
    return pdf_sign(
        bytes(document.content), signer=signer, ca=ca, field_name=SIGNATURE_FIELD_NAME
    )


def verify(data, document, identification=CEDULA_REP, ruc=RUC_SOCIEDAD):
    return signature_verify(
        data=data, document=document, identification=identification, ruc=ruc
    )


def refused_code(data, document, identification=CEDULA_REP) -> str:
    with pytest.raises(SignatureRefused) as refused:
        verify(data, document, identification)
    assert refused.value.message  # every refusal tells the person what to do
    assert refused.value.report.code == refused.value.code
    return refused.value.code


def test_a_correct_signature_passes_and_reports_everything(trusted_ca, registration):
    report = verify(signed(registration.solicitud, trusted_ca), registration.solicitud)
    assert report.ok
    assert report.signer_identification == CEDULA_REP
    assert report.signer_name == NAME
    assert report.content_match == "prefijo"
    assert report.intact and report.trusted
    assert report.modification_level == "NONE"
    assert len(report.checks) == 6
    assert report.as_dict()["issuer"] == "Autoridad de Certificación de Pruebas"


def test_the_identification_in_the_subject_serial_number_is_read(
    trusted_ca, registration
):
    data = signed(
        registration.acuerdo, trusted_ca, layout=Layout(in_subject_serial=True)
    )
    assert verify(data, registration.acuerdo).signer_identification == CEDULA_REP


def test_an_unsigned_document_is_refused(trusted_ca, registration):
    document = registration.solicitud
    assert refused_code(bytes(document.content), document) == "unsigned"


def test_a_certificate_from_an_untrusted_authority_is_refused(trusted_ca, registration):
    stranger = ca_create(common_name="Autoridad Desconocida")
    data = signed(registration.solicitud, stranger)
    assert refused_code(data, registration.solicitud) == "untrusted"


def test_an_expired_certificate_is_refused(trusted_ca, registration):
    data = signed(
        registration.solicitud,
        trusted_ca,
        not_before=NOW - 30 * DAY,
        not_after=NOW - DAY,
    )
    assert refused_code(data, registration.solicitud) == "expired"


def test_a_certificate_not_yet_valid_is_refused(trusted_ca, registration):
    data = signed(
        registration.solicitud,
        trusted_ca,
        not_before=NOW + DAY,
        not_after=NOW + 30 * DAY,
    )
    assert refused_code(data, registration.solicitud) == "not_yet_valid"


def test_a_certificate_that_may_not_sign_is_refused(trusted_ca, registration):
    data = signed(registration.solicitud, trusted_ca, layout=Layout(usage="encipher"))
    assert refused_code(data, registration.solicitud) == "usage"


def test_another_persons_signature_is_refused(trusted_ca, registration):
    data = signed(registration.solicitud, trusted_ca, identification="1710034065")
    assert refused_code(data, registration.solicitud) == "wrong_signer"


def test_a_change_appended_after_signing_is_refused(trusted_ca, registration):
    data = signed(registration.solicitud, trusted_ca)
    writer = IncrementalPdfFileWriter(BytesIO(data))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Rotate"] = generic.NumberObject(90)
    writer.update_container(page)
    output = BytesIO()
    writer.write(output)
    assert refused_code(output.getvalue(), registration.solicitud) == "modified"


def test_a_byte_changed_inside_the_signed_range_is_refused(trusted_ca, registration):
    data = bytearray(signed(registration.solicitud, trusted_ca))
    data[200] ^= 0x01
    assert refused_code(bytes(data), registration.solicitud) == "broken"


def test_a_different_pdf_properly_signed_is_refused(trusted_ca, registration):
    other = render_pdf(
        title="Otro documento",
        code_label="Código",
        code_display="XXXX-XXXX",
        qr_data="https://example.org",
        body=[paragraph("Un documento que no generó el registro.")],
        signer=SignatureLine(name=NAME, identification=CEDULA_REP, role="Firmante"),
    )
    signer = signer_create(ca=trusted_ca, holder_name=NAME, identification=CEDULA_REP)
    data = pdf_sign(
        other, signer=signer, ca=trusted_ca, field_name=SIGNATURE_FIELD_NAME
    )
    assert refused_code(data, registration.solicitud) == "other_document"


def test_the_acuerdo_signed_in_place_of_the_solicitud_is_refused(
    trusted_ca, registration
):
    data = signed(registration.acuerdo, trusted_ca)
    assert refused_code(data, registration.solicitud) == "other_document"


def test_a_file_rewritten_by_the_signing_tool_passes_when_its_text_is_ours(
    trusted_ca, registration
):
    writer = PdfWriter(
        clone_from=PdfReader(BytesIO(bytes(registration.acuerdo.content)))
    )
    rewritten = BytesIO()
    writer.write(rewritten)
    assert not rewritten.getvalue().startswith(bytes(registration.acuerdo.content))
    signer = signer_create(ca=trusted_ca, holder_name=NAME, identification=CEDULA_REP)
    data = pdf_sign(
        rewritten.getvalue(),
        signer=signer,
        ca=trusted_ca,
        field_name=SIGNATURE_FIELD_NAME,
    )
    report = verify(data, registration.acuerdo)
    assert report.content_match == "reescrito"


def test_production_never_trusts_the_demo_ca(settings, tmp_path, registration):
    demo = demo_ca_load_or_create(settings.DEMO_CA_DIR)
    data = signed(registration.solicitud, demo)
    assert verify(data, registration.solicitud).ok  # demo settings trust it
    settings.DEMO_DATA_ALLOWED = False
    settings.SIGNATURE_TRUST_ROOTS_DIR = ""
    assert refused_code(data, registration.solicitud) == "untrusted"
    folder = tmp_path / "raices"
    folder.mkdir()
    (folder / "demo.pem").write_bytes(cert_pem(demo.cert))
    settings.SIGNATURE_TRUST_ROOTS_DIR = str(folder)
    with pytest.raises(ImproperlyConfigured):
        trust_store()


def test_a_mangled_signature_is_refused_not_crashed_on(trusted_ca, registration):
    data = signed(registration.solicitud, trusted_ca)
    start = data.index(b"/Contents <") + len(b"/Contents <")
    end = data.index(b">", start)
    mangled = data[:start] + b"0" * (end - start) + data[end:]
    assert refused_code(mangled, registration.solicitud) == "broken"
