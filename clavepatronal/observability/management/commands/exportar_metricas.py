"""Serve the metrics a group of processes (db_worker, turnos_sorteos…) wrote to
PROMETHEUS_MULTIPROC_DIR, for Prometheus to scrape beside a worker."""

from wsgiref.simple_server import WSGIRequestHandler, make_server

from django.core.management.base import BaseCommand, CommandError
from prometheus_client import make_wsgi_app

from ...exposition import multiprocess_dir, registry_build


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - wsgiref's own signature
        pass


class Command(BaseCommand):
    help = (
        "Sirve por HTTP las métricas de los procesos que escriben en "
        "PROMETHEUS_MULTIPROC_DIR (db_worker, comandos)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--puerto", type=int, required=True)
        parser.add_argument("--direccion", default="127.0.0.1")

    def handle(self, *args, **options):
        if not multiprocess_dir():
            raise CommandError("PROMETHEUS_MULTIPROC_DIR no está definido.")
        app = make_wsgi_app(registry_build(database_gauges=False))
        server = make_server(
            options["direccion"], options["puerto"], app, handler_class=_QuietHandler
        )
        self.stdout.write(
            f"Métricas en http://{options['direccion']}:{server.server_port}/metrics"
        )
        self.stdout.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
