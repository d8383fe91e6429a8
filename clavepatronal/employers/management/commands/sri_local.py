import sys
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler

from django.core.management.base import BaseCommand, CommandError

from clavepatronal.employers.sri.standin import (
    FIXTURES_DIR,
    Rucs,
    StandinServer,
    StandinSri,
)


class _LogHandler(WSGIRequestHandler):
    """One line per request on stderr, without the client's address."""

    def log_message(self, format, *args) -> None:
        sys.stderr.write("sri_local: " + (format % args) + "\n")


class Command(BaseCommand):
    help = (
        "Sirve en 127.0.0.1 un SRI de prueba (consulta de contribuyentes por RUC) "
        "con contribuyentes ficticios, para la demostración y las pruebas. Apunte "
        "SRI_BASE_URL a la dirección que muestra. Nunca en producción."
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

    def handle(self, *args, port: int, slow_seconds: float, fixtures: str, **options):
        folder = Path(fixtures)
        if not folder.is_dir():
            raise CommandError(f"No existe la carpeta «{folder}».")
        try:
            server = StandinServer(
                StandinSri(folder, slow_seconds=slow_seconds),
                port=port,
                handler_class=_LogHandler,
            )
        except OSError as error:
            raise CommandError(f"No se pudo abrir el puerto {port}: {error}") from error
        self.stdout.write(f"SRI de prueba en {server.base_url} (SRI_BASE_URL)")
        for name, ruc in vars(Rucs).items():
            if not name.startswith("_"):
                self.stdout.write(f"  {ruc}  {name.lower().replace('_', ' ')}")
        self.stdout.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()
