"""Remove generated PDFs a hard crash left without their row (run it from cron)."""

import datetime

from django.core.management.base import BaseCommand

from clavepatronal.documents.services import generated_orphan_files_delete


class Command(BaseCommand):
    help = (
        "Elimina los PDF generados que quedaron sin registro tras una caída (el "
        "archivo se escribe antes que su fila)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutos",
            type=int,
            default=60,
            help="solo archivos con más de estos minutos (no toca los que se escriben)",
        )

    def handle(self, *args, minutos: int, **options):
        removed = generated_orphan_files_delete(
            older_than=datetime.timedelta(minutes=minutos)
        )
        for name in removed:
            self.stdout.write(f"eliminado: {name}")
        self.stdout.write(f"{len(removed)} PDF generado(s) huérfano(s) eliminado(s).")
