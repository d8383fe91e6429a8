import sys
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from clavepatronal.employers.sri import SriClient
from clavepatronal.employers.sri.fictitious import (
    DEMO_REPRESENTATIVE,
    fictitious_element,
)
from clavepatronal.employers.sri.standin import (
    FIXTURES_DIR,
    Rucs,
    StandinServer,
    StandinSri,
    taxpayer_save,
)
from clavepatronal.identity.constants import RucKind
from clavepatronal.identity.validators import validate_cedula, validate_ruc


class _LogHandler(WSGIRequestHandler):
    """One line per request on stderr, without the client's address."""

    def log_message(self, format, *args) -> None:
        sys.stderr.write("sri_local: " + (format % args) + "\n")


def added_dir() -> Path:
    """Where `--agregar` keeps its taxpayers, which the running stand-in reads."""
    return Path(settings.VAR_DIR) / "sri_local"


class Command(BaseCommand):
    help = (
        "Sirve en 127.0.0.1 un SRI de prueba (consulta de contribuyentes por RUC) "
        "con contribuyentes ficticios, para la demostración y las pruebas: cualquier "
        "RUC válido es un contribuyente ACTIVO inventado, salvo los RUC de prueba "
        "que muestra. Apunte SRI_BASE_URL a la dirección que muestra. Nunca en "
        "producción. Con --agregar RUC --representante CÉDULA guarda un "
        "contribuyente con ese representante legal (el SRI en marcha lo responde)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8001, help="puerto (8001)")
        parser.add_argument(
            "--slow-seconds",
            type=float,
            default=15.0,
            help="segundos que tarda el RUC lento en responder (15)",
        )
        parser.add_argument(
            "--fixtures",
            default=str(FIXTURES_DIR),
            help="carpeta con un archivo <RUC>.json por contribuyente",
        )
        parser.add_argument(
            "--agregar",
            metavar="RUC",
            help="guarda un contribuyente ficticio ACTIVO con este RUC y termina",
        )
        parser.add_argument(
            "--representante",
            metavar="CÉDULA",
            action="append",
            default=[],
            help="cédula del representante legal (se puede repetir); con --agregar",
        )
        parser.add_argument(
            "--razon-social", default="", help="razón social; con --agregar"
        )

    def handle(self, *args, port: int, slow_seconds: float, fixtures: str, **options):
        if options["agregar"]:
            self.taxpayer_add(
                options["agregar"], options["representante"], options["razon_social"]
            )
            return
        if options["representante"] or options["razon_social"]:
            raise CommandError("--representante y --razon-social van con --agregar.")
        folder = Path(fixtures)
        if not folder.is_dir():
            raise CommandError(f"No existe la carpeta «{folder}».")
        try:
            server = StandinServer(
                StandinSri(folder, slow_seconds=slow_seconds, added_dir=added_dir()),
                port=port,
                handler_class=_LogHandler,
            )
        except OSError as error:
            raise CommandError(f"No se pudo abrir el puerto {port}: {error}") from error
        self.stdout.write(f"SRI de prueba en {server.base_url} (SRI_BASE_URL)")
        self.stdout.write(standin_guide())
        self.stdout.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()

    def taxpayer_add(self, ruc: str, cedulas: list[str], razon_social: str) -> None:
        try:
            number = validate_ruc(ruc)
            people = [validate_cedula(cedula) for cedula in cedulas]
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if number.kind == RucKind.PERSONA_NATURAL and people:
            raise CommandError(
                "Un RUC de persona natural no lleva representante legal: lo es su "
                "titular (la cédula son sus 10 primeros dígitos)."
            )
        element = fictitious_element(
            number.number,
            representatives=[
                (cedula, f"REPRESENTANTE DEMOSTRACIÓN {cedula} (FICTICIO)")
                for cedula in people
            ],
            razon_social=razon_social.strip().upper(),
        )
        path = taxpayer_save(added_dir(), element)
        SriClient().forget(number.number)  # the app asks the stand-in again
        names = ", ".join(
            f"{person['identificacion']}" for person in element["representantesLegales"]
        )
        self.stdout.write(
            f"Guardado en {path}: {element['razonSocial']}, ACTIVO, representante "
            f"legal {names}. El SRI de prueba en marcha ya lo responde."
        )


def standin_guide() -> str:
    """What the stand-in answers, as `make run` shows it."""
    cedula, name = DEMO_REPRESENTATIVE
    lines = [
        "  Cualquier RUC válido: un contribuyente ficticio ACTIVO del tipo que indica "
        "su tercer dígito;",
        f"    representante legal de sociedades y entidades públicas: {cedula} "
        f"({name}); otro: sri_local --agregar RUC --representante CÉDULA",
        "  RUC de prueba:",
    ]
    for attribute, ruc in vars(Rucs).items():
        if not attribute.startswith("_"):
            lines.append(f"    {ruc}  {attribute.lower().replace('_', ' ')}")
    return "\n".join(lines)
