"""Hostile uploads through the real upload path (handler, parser, form, service): each
is refused with its own message and nothing is stored — no row, no file."""

from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from clavepatronal.backoffice.constants import Role
from clavepatronal.backoffice.services.staff import staff_create
from clavepatronal.documents.constants import RevocationCheck
from clavepatronal.documents.models import GENERATED_FOLDER
from clavepatronal.procedures.models import Attachment, DraftAttachment, Tramite
from tests.documents.revocation_server import unreachable_url
from tests.employers.factories import CEDULA_REP
from tests.staff import verified_login

from . import files

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\x00" * 32
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def _truncated_pdf() -> bytes:
    data = files.pdf(pages=3)
    return data[: len(data) // 2]


HOSTILE = {
    # name: (field, file name, content, refusal code)
    "1 MB + 1 byte": ("ruc", "ruc.pdf", b"%PDF-" + b"0" * (MB - 4), "too_large"),
    "empty": ("ruc", "ruc.pdf", b"", "empty"),
    "PNG renamed .pdf": ("ruc", "ruc.pdf", PNG, "wrong_type"),
    "PNG renamed .jpg": ("ruc", "ruc.jpg", PNG, "wrong_type"),
    "GIF renamed .pdf": ("ruc", "ruc.pdf", GIF, "wrong_type"),
    "GIF renamed .jpg": ("ruc", "ruc.jpg", GIF, "wrong_type"),
    "HTML renamed .pdf": ("ruc", "ruc.pdf", HTML, "wrong_type"),
    "HTML renamed .jpg": ("ruc", "ruc.jpg", HTML, "wrong_type"),
    "ZIP renamed .pdf": ("ruc", "ruc.pdf", ZIP, "wrong_type"),
    "ZIP renamed .jpg": ("ruc", "ruc.jpg", ZIP, "wrong_type"),
    "EXE renamed .pdf": ("ruc", "ruc.pdf", EXE, "wrong_type"),
    "EXE renamed .jpg": ("ruc", "ruc.jpg", EXE, "wrong_type"),
    "PNG header then HTML": ("ruc", "ruc.jpg", PNG[:8] + HTML, "wrong_type"),
    "PDF with JavaScript": ("ruc", "r.pdf", files.pdf_javascript(), "pdf_javascript"),
    "PDF with OpenAction": ("ruc", "r.pdf", files.pdf_open_action(), "pdf_openaction"),
    "PDF with AA": ("ruc", "r.pdf", files.pdf_additional_actions(), "pdf_aa"),
    "PDF with Launch": ("ruc", "r.pdf", files.pdf_launch(), "pdf_launch"),
    "PDF with embedded file": (
        "ruc",
        "r.pdf",
        files.pdf_embedded_file(),
        "pdf_embedded",
    ),
    "PDF with RichMedia": ("ruc", "r.pdf", files.pdf_rich_media(), "pdf_richmedia"),
    "PDF with XFA": ("ruc", "r.pdf", files.pdf_xfa(), "pdf_xfa"),
    "PDF with SubmitForm": ("ruc", "r.pdf", files.pdf_submit_form(), "pdf_submitform"),
    "PDF with a GoToR link to a UNC path": (
        "ruc",
        "r.pdf",
        files.pdf_goto_remote_unc(),
        "pdf_remote",
    ),
    "PDF with a GoToE link": ("ruc", "r.pdf", files.pdf_goto_embedded(), "pdf_remote"),
    "PDF with a file: link": (
        "ruc",
        "r.pdf",
        files.pdf_uri("file:///C:/Windows/System32/calc.exe"),
        "pdf_local_link",
    ),
    "PDF with a UNC link": (
        "ruc",
        "r.pdf",
        files.pdf_uri("\\\\atacante.example\\docs"),
        "pdf_local_link",
    ),
    "PDF with a hidden revision running JavaScript": (
        "ruc",
        "r.pdf",
        files.pdf_shadow_javascript(),
        "pdf_hidden_revision",
    ),
    "PDF with a ZIP holding HTML after %%EOF": (
        "ruc",
        "r.pdf",
        files.pdf() + files.zip_with_html(),
        "pdf_trailing_data",
    ),
    "encrypted PDF": ("ruc", "r.pdf", files.pdf_encrypted(), "pdf_encrypted"),
    "truncated PDF": ("ruc", "r.pdf", _truncated_pdf(), "pdf_broken"),
    "garbage after the PDF header": ("ruc", "r.pdf", b"%PDF-1.7\n" + EXE, "pdf_broken"),
    "JPEG decompression bomb": ("ruc", "r.jpg", files.jpeg_bomb(), "jpg_pixels"),
    # Issue 25 (5): a content stream that inflates to 300 MB (the object-stream
    # variant pypdf already refuses), two streams past the budget together, and an
    # array nested 150 deep.
    "PDF content-stream bomb": (
        "ruc",
        "r.pdf",
        files.pdf_content_bomb(),
        "pdf_inflated",
    ),
    "PDF streams past the budget together": (
        "ruc",
        "r.pdf",
        files.pdf_contents(60 * MB, 60 * MB),
        "pdf_inflated",
    ),
    "PDF nested 150 deep": ("ruc", "r.pdf", files.pdf_nested(150), "pdf_nesting"),
    "JPEG with trailing data": ("ruc", "r.jpg", files.jpg() + ZIP, "jpg_trailing"),
    "truncated JPEG": ("ruc", "r.jpg", files.jpg()[:600], "jpg_broken"),
    "path traversal in the name": (
        "ruc",
        "../../etc/ruc.pdf",
        files.pdf(),
        "name_path",
    ),
    "Windows path in the name": ("ruc", "..\\..\\ruc.pdf", files.pdf(), "name_path"),
    "control characters in the name": (
        "ruc",
        "ruc\x1b[31m\x07.pdf",
        files.pdf(),
        "name_control",
    ),
    "a photo where the signed Solicitud goes": (
        "solicitud",
        "solicitud.jpg",
        files.jpg(),
        "signed_not_pdf",
    ),
}


def stored_files() -> list[Path]:
    """Uploaded files on disk; the registration's generated PDFs (the Solicitud and
    the Acuerdo, which the fixtures' registrations carry) live beside them."""
    root = Path(settings.MEDIA_ROOT)
    generated = root / GENERATED_FOLDER
    return (
        [
            path
            for path in root.rglob("*")
            if path.is_file() and generated not in path.parents
        ]
        if root.exists()
        else []
    )


def assert_nothing_stored() -> None:
    assert Tramite.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert stored_files() == []


def assert_nothing_filed(refused_field: str = "") -> None:
    """No trámite and no attachment; the only files stored are those the draft
    keeps because they passed (each with its row), never the refused one."""
    assert Tramite.objects.count() == 0
    assert Attachment.objects.count() == 0
    root = Path(settings.MEDIA_ROOT)
    kept = {root / kept.file.name for kept in DraftAttachment.objects.all()}
    assert set(stored_files()) == kept
    assert not DraftAttachment.objects.filter(requirement_code=refused_field).exists()


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_file_is_refused_with_its_message(case, ventanilla, good_files):
    field, name, content, code = HOSTILE[case]
    ventanilla.start()
    response = ventanilla.submit({**good_files, field: (name, content)})
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert [error.code for error in errors[field]] == [code]
    assert list(errors) == [field]  # the good files raised nothing
    message = errors[field][0].messages[0]
    assert message in response.content.decode()  # shown, in Spanish, to the person
    assert_nothing_filed(field)
    assert DraftAttachment.objects.count() == 3  # the good files stay attached


def _signed(registration, ca):
    return files.sign(registration.solicitud, ca, CEDULA_REP)


# Signed Solicitudes made hostile: name -> (builder(registration, ca), refusal code).
HOSTILE_SIGNED = {
    "a revision the checkers cannot see, changing the text": (
        lambda registration, ca: files.shadow_revision(_signed(registration, ca)),
        "pdf_hidden_revision",
    ),
    "a ZIP holding HTML after the signed %%EOF": (
        lambda registration, ca: _signed(registration, ca) + files.zip_with_html(),
        "pdf_trailing_data",
    ),
    "a closed later revision running JavaScript": (
        lambda registration, ca: files.later_revision(
            _signed(registration, ca), javascript=True
        ),
        "pdf_openaction",
    ),
    "a signature that leaves the end of its revision uncovered": (
        lambda registration, ca: files.sign_partial_coverage(
            registration.solicitud, ca, CEDULA_REP
        ),
        "partial_coverage",
    ),
    "an expired certificate with a back-dated signing time": (
        lambda registration, ca: files.sign_back_dated_expired(
            registration.solicitud, ca, CEDULA_REP
        ),
        "expired",
    ),
}


@pytest.mark.parametrize("case", HOSTILE_SIGNED, ids=list(HOSTILE_SIGNED))
def test_hostile_signed_solicitud_is_refused_with_its_message(
    case, ventanilla, good_files, registration, trusted_ca
):
    build, code = HOSTILE_SIGNED[case]
    content = build(registration, trusted_ca)
    assert_refused(ventanilla, good_files, "solicitud", content, code)


def test_a_solicitud_signed_with_a_revoked_certificate_is_refused(
    ventanilla, good_files, registration, trusted_ca, revocation_server
):
    signer = files.signer_with(
        trusted_ca, CEDULA_REP, ocsp_url=revocation_server.ocsp_url
    )
    revocation_server.revoke(signer.cert)
    content = files.sign_at(registration.solicitud, trusted_ca, signer, timezone.now())
    assert_refused(ventanilla, good_files, "solicitud", content, "revoked")


def test_an_unreachable_responder_receives_the_tramite_marked_for_the_officer(
    ventanilla, good_files, registration, trusted_ca, client
):
    signer = files.signer_with(trusted_ca, CEDULA_REP, ocsp_url=unreachable_url())
    content = files.sign_at(registration.solicitud, trusted_ca, signer, timezone.now())
    ventanilla.start()
    response = ventanilla.submit({**good_files, "solicitud": ("s.pdf", content)})
    assert response.status_code == 302
    tramite = Tramite.objects.get()
    report = tramite.attachments.get(requirement_code="solicitud").signature_report
    assert report["ok"] and report["revocation"] == RevocationCheck.UNVERIFIED
    officer = staff_create(
        username="admin.revocacion",
        password="una-clave-del-personal-larga",
        first_name="Admin",
        last_name="Prueba",
        email="admin.revocacion@iess.gob.ec",
        role=Role.ADMINISTRADOR,
        agency=None,
        province=None,
    ).user
    page = verified_login(client, officer).get(
        reverse("backoffice:tramite", args=[tramite.number])
    )
    html = page.content.decode()
    assert "Revocación no verificada" in html
    # Who signed, as the entity the chain reached writes it.
    assert "Entidad de certificación" in html and "Banco Central del Ecuador" in html
    assert "Clase de certificado" in html


def assert_refused(ventanilla, good_files, field, content, code) -> None:
    ventanilla.start()
    response = ventanilla.submit({**good_files, field: ("solicitud.pdf", content)})
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert [error.code for error in errors[field]] == [code]
    assert list(errors) == [field]
    assert errors[field][0].messages[0] in response.content.decode()
    assert_nothing_filed(field)


def test_the_suite_covers_at_least_25_hostile_files():
    assert len(HOSTILE) >= 25
    assert len({code for *_, code in HOSTILE.values()}) >= 18


def test_more_files_than_allowed_are_refused(ventanilla, good_files):
    ventanilla.start()
    extra = [(f"extra{i}.pdf", files.pdf()) for i in range(settings.UPLOAD_MAX_FILES)]
    response = ventanilla.submit({**good_files, "extra": extra})
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert [error.code for error in errors["__all__"]] == ["too_many"]
    assert_nothing_filed()


def test_an_oversized_file_is_not_read_past_the_limit(ventanilla, good_files, settings):
    """The handler passes on at most the limit: a 5 MB file costs no 5 MB of memory."""
    from clavepatronal.documents.uploads import LimitedUploadHandler

    seen = []
    original = LimitedUploadHandler.receive_data_chunk

    def spy(self, raw_data, start):
        result = original(self, raw_data, start)
        seen.append((self.field_name, start + len(raw_data)))
        return result

    LimitedUploadHandler.receive_data_chunk = spy
    try:
        ventanilla.start()
        response = ventanilla.submit({**good_files, "ruc": ("r.pdf", b"0" * 5 * MB)})
    finally:
        LimitedUploadHandler.receive_data_chunk = original
    assert response.context["form"].errors.as_data()["ruc"][0].code == "too_large"
    assert max(end for field, end in seen if field == "ruc") <= MB
    assert_nothing_filed()


def test_a_photo_carrying_a_pdf_is_stored_only_as_our_own_encoding(
    ventanilla, good_files
):
    """Issue 25 (5): the polyglot's comment (a PDF with JavaScript) and its APP13
    segment never reach storage; the stored JPG has only what Pillow writes."""
    polyglot = files.jpeg_polyglot()
    with Image.open(BytesIO(polyglot)) as original:
        assert b"%PDF" in original.info["comment"]  # it really carries one
        assert [name for name, _ in original.applist] == ["APP13", "APP0", "COM"]
    ventanilla.start()
    response = ventanilla.submit({**good_files, "ruc": ("ruc.jpg", polyglot)})
    assert response.status_code == 302
    attachment = Tramite.objects.get().attachments.get(requirement_code="ruc")
    with attachment.file.open("rb") as handle:
        stored = handle.read()
    assert b"%PDF" not in stored and b"JavaScript" not in stored
    assert b"<script>" not in stored and b"Photoshop" not in stored
    with Image.open(BytesIO(stored)) as image:
        assert "comment" not in image.info
        assert [name for name, _ in image.applist] == ["APP0"]  # JFIF, ours


def test_good_files_pass_and_the_photo_loses_its_metadata(ventanilla, good_files):
    with Image.open(BytesIO(good_files["ruc"][1])) as original:
        assert original.getexif()  # the upload carried EXIF and GPS
    ventanilla.start()
    response = ventanilla.submit(good_files)
    assert response.status_code == 302
    tramite = Tramite.objects.get()
    stored = {a.requirement_code: a for a in tramite.attachments.all()}
    assert set(stored) == set(good_files)
    with stored["ruc"].file.open("rb") as handle, Image.open(handle) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert "exif" not in image.info
    with stored["cedula-representante"].file.open("rb") as handle:
        assert handle.read() == good_files["cedula-representante"][1]
    assert len(stored_files()) == 4


def test_a_pdf_whose_streams_inflate_within_the_budget_passes(settings):
    """A scanned page decodes to tens of MB: under the budget, it is accepted."""
    from clavepatronal.documents.inspection import upload_inspect

    data = files.pdf_contents(30 * MB, 30 * MB)
    assert len(data) < settings.UPLOAD_MAX_BYTES
    assert upload_inspect(name="escaneo.pdf", data=data).content == data
    settings.UPLOAD_PDF_MAX_INFLATED_BYTES = 50 * MB  # the budget is a setting
    with pytest.raises(ValidationError) as refused:
        upload_inspect(name="escaneo.pdf", data=data)
    assert refused.value.code == "pdf_inflated"
    assert "50" in refused.value.messages[0]
