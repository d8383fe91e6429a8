"""Remove what abandoned drafts kept, and upload files a hard crash left without
their row (run it from cron)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand

from clavepatronal.procedures.services import (
    expired_drafts_delete,
    orphan_files_delete,
)


class Command(BaseCommand):
    help = (
        "Elimina los trámites en curso vencidos con sus archivos, y los archivos de "
        "trámites que quedaron sin registro tras una caída."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutos",
            type=int,
            default=settings.UPLOAD_ORPHAN_MINUTES,
            help="solo archivos con más de estos minutos (no toca envíos en curso)",
        )

    def handle(self, *args, minutos: int, **options):
        expired = expired_drafts_delete()
        for name in expired:
            self.stdout.write(f"eliminado (borrador vencido): {name}")
        removed = orphan_files_delete(older_than=datetime.timedelta(minutes=minutos))
        for name in removed:
            self.stdout.write(f"eliminado: {name}")
        self.stdout.write(
            f"{len(expired)} archivo(s) de borradores vencidos y {len(removed)} "
            "archivo(s) huérfano(s) eliminado(s)."
        )
