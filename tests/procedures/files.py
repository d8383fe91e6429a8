"""Files for upload tests, all generated here: good JPGs and PDFs, signed PDFs, and
the hostile ones (disguised types, active content, bombs, broken and encrypted)."""

from io import BytesIO

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
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


def pdf_encrypted() -> bytes:
    return _pdf_with(lambda w: w.encrypt(user_password="clave", algorithm="AES-128"))


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
