"""Sign a PDF with a demo certificate, so anyone can try the whole virtual route."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from clavepatronal.documents.constants import SIGNATURE_FIELD_NAME
from clavepatronal.documents.pki import demo_ca_load_or_create, pdf_sign, signer_create
from clavepatronal.identity.validators import validate_identification


class Command(BaseCommand):
    help = (
        "Firma un PDF con un certificado de demostración (sin validez legal) a nombre "
        "de la identificación indicada. Solo en instalaciones de demostración."
    )

    def add_arguments(self, parser):
        parser.add_argument("pdf", type=Path, help="PDF generado por el registro")
        parser.add_argument(
            "--identificacion", required=True, help="cédula o pasaporte del firmante"
        )
        parser.add_argument("--nombre", default="FIRMANTE DE DEMOSTRACION")
        parser.add_argument(
            "--tipo", default="CEDULA", help="CEDULA, PASAPORTE, VISA o CODIGO_IESS"
        )
        parser.add_argument(
            "--salida", type=Path, help="dónde guardar (por omisión: <pdf>-firmado.pdf)"
        )

    def handle(
        self,
        *args,
        pdf: Path,
        identificacion: str,
        nombre: str,
        tipo: str,
        salida: Path | None,
        **options,
    ):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "firmar_demo no se ejecuta con la configuración de producción: allí "
                "solo valen las firmas de entidades de certificación acreditadas."
            )
        try:
            identification = validate_identification(tipo, identificacion)
        except (ValidationError, ValueError) as error:
            message = " ".join(getattr(error, "messages", [str(error)]))
            raise CommandError(f"Identificación no válida: {message}") from None
        if not pdf.is_file():
            raise CommandError(f"No existe el archivo {pdf}")
        ca = demo_ca_load_or_create(Path(settings.DEMO_CA_DIR))
        signer = signer_create(ca=ca, holder_name=nombre, identification=identification)
        try:
            signed = pdf_sign(
                pdf.read_bytes(), signer=signer, ca=ca, field_name=SIGNATURE_FIELD_NAME
            )
        except Exception as error:  # noqa: BLE001 - a bad PDF fails in many ways
            raise CommandError(f"No se pudo firmar {pdf}: {error}") from None
        output = salida or pdf.with_name(f"{pdf.stem}-firmado.pdf")
        output.write_bytes(signed)
        self.stdout.write(
            f"Firmado con el certificado de demostración de {nombre} "
            f"({identification}): "
            f"{output}"
        )
