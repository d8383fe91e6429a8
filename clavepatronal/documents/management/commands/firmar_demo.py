"""Sign a PDF as a person's signing tool does, so anyone can try the virtual route.

Two ways: a demo certificate shaped as an accredited entity issues it (`--entidad`,
demo installations only: the demo CA is never trusted in production), or the person's
own PKCS#12 file (`--p12`), which is allowed anywhere: it is only a signing tool, and
whether the signature counts is the signature check's to say.
"""

import getpass
import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from clavepatronal.documents.constants import SIGNATURE_FIELD_NAME
from clavepatronal.documents.pkcs12 import (
    P12Refused,
    describe,
    p12_open,
)
from clavepatronal.documents.pki import (
    DEMO_ENTITY,
    Layout,
    demo_ca_load_or_create,
    pdf_sign,
    signer_create,
)
from clavepatronal.documents.signatures.entities import entities, entity_name
from clavepatronal.identity.validators import validate_identification, validate_ruc

COMPANY_KINDS = ("representative", "member")
P12_PASSWORD_ENV = "FIRMA_P12_CLAVE"


def _messages(error: Exception) -> str:
    return " ".join(getattr(error, "messages", [str(error)]))


class Command(BaseCommand):
    help = (
        "Firma un PDF: con un certificado de demostración (sin validez legal) a nombre "
        "de la identificación indicada, con la forma de la entidad que se elija (solo "
        "en instalaciones de demostración), o con el archivo .p12 de la persona."
    )

    def add_arguments(self, parser):
        parser.add_argument("pdf", type=Path, help="PDF generado por el registro")
        parser.add_argument(
            "--identificacion", help="cédula o pasaporte del firmante (demostración)"
        )
        parser.add_argument("--nombre", default="FIRMANTE DE DEMOSTRACION")
        parser.add_argument(
            "--tipo", default="CEDULA", help="CEDULA, PASAPORTE, VISA o CODIGO_IESS"
        )
        parser.add_argument(
            "--entidad",
            default=DEMO_ENTITY,
            choices=sorted(entities()),
            help="entidad de certificación cuya forma de certificado se imita "
            f"(por omisión {DEMO_ENTITY})",
        )
        parser.add_argument(
            "--tipo-certificado",
            dest="tipo_certificado",
            default="natural",
            choices=("natural", *COMPANY_KINDS),
            help="persona natural, representante legal o miembro de empresa "
            "(estos dos con --ruc)",
        )
        parser.add_argument("--ruc", default="", help="RUC de la empresa")
        parser.add_argument(
            "--p12",
            type=Path,
            help="firmar con este archivo PKCS#12 (.p12, .pfx) en lugar del "
            "certificado de demostración",
        )
        parser.add_argument(
            "--clave",
            help=f"clave del .p12 (o la variable {P12_PASSWORD_ENV}; si falta, se "
            "pregunta)",
        )
        parser.add_argument(
            "--salida", type=Path, help="dónde guardar (por omisión: <pdf>-firmado.pdf)"
        )

    def handle(self, *args, pdf: Path, salida: Path | None, **options):
        if not pdf.is_file():
            raise CommandError(f"No existe el archivo {pdf}")
        if options["p12"]:
            signed, who = self._sign_p12(pdf, options["p12"], options["clave"])
        else:
            signed, who = self._sign_demo(pdf, **options)
        output = salida or pdf.with_name(f"{pdf.stem}-firmado.pdf")
        output.write_bytes(signed)
        self.stdout.write(f"Firmado con {who}: {output}")

    def _sign_demo(self, pdf: Path, **options) -> tuple[bytes, str]:
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "firmar_demo no firma con la CA de demostración con la configuración "
                "de producción: allí solo valen las firmas de entidades de "
                "certificación acreditadas (use --p12 con un certificado real)."
            )
        if not options["identificacion"]:
            raise CommandError("Indique --identificacion (o firme con --p12).")
        layout = self._layout(options)
        try:
            identification = validate_identification(
                options["tipo"], options["identificacion"]
            )
        except (ValidationError, ValueError) as error:
            raise CommandError(
                f"Identificación no válida: {_messages(error)}"
            ) from None
        entity = options["entidad"]
        ca = demo_ca_load_or_create(Path(settings.DEMO_CA_DIR), entity=entity)
        signer = signer_create(
            ca=ca,
            holder_name=options["nombre"],
            identification=identification,
            layout=layout,
        )
        signed = self._sign(
            pdf,
            lambda data: pdf_sign(
                data, signer=signer, ca=ca, field_name=SIGNATURE_FIELD_NAME
            ),
        )
        return signed, (
            f"el certificado de demostración de {options['nombre']} "
            f"({identification}), como lo emite {entity_name(entity) or entity}"
        )

    def _layout(self, options) -> Layout:
        kind, ruc = options["tipo_certificado"], options["ruc"]
        if kind in COMPANY_KINDS and not ruc:
            raise CommandError(
                "Un certificado de representante legal o de miembro de empresa "
                "lleva el RUC de la empresa: indique --ruc."
            )
        if ruc:
            try:
                ruc = validate_ruc(ruc).number
            except ValidationError as error:
                raise CommandError(f"RUC no válido: {_messages(error)}") from None
        return Layout(entity=options["entidad"], kind=kind, ruc=ruc)

    def _sign_p12(
        self, pdf: Path, p12: Path, password: str | None
    ) -> tuple[bytes, str]:
        if not p12.is_file():
            raise CommandError(f"No existe el archivo {p12}")
        if password is None:
            password = os.environ.get(P12_PASSWORD_ENV)
        if password is None and sys.stdin.isatty():
            password = getpass.getpass(f"Clave de {p12.name}: ")
        try:
            bundle = p12_open(p12.read_bytes(), password=password, now=timezone.now())
        except P12Refused as error:
            raise CommandError(str(error)) from None
        for skipped in bundle.skipped:
            self.stdout.write(
                f"No se usó {describe(skipped.cert)}: {', '.join(skipped.reasons)}."
            )
        for cert in bundle.chain:
            self.stdout.write(f"Va como cadena (no firma): {describe(cert)}.")
        signed = self._sign(
            pdf,
            lambda data: pdf_sign(
                data,
                signer=bundle.signer,
                chain=bundle.chain,
                field_name=SIGNATURE_FIELD_NAME,
            ),
        )
        return signed, f"el certificado {describe(bundle.signer.cert)} de {p12.name}"

    def _sign(self, pdf: Path, sign) -> bytes:
        try:
            return sign(pdf.read_bytes())
        except Exception as error:  # noqa: BLE001 - a bad PDF fails in many ways
            raise CommandError(f"No se pudo firmar {pdf}: {error}") from None
