import time

from django.core.management.base import BaseCommand

from clavepatronal.notifications.services import (
    email_outbox_recover,
    task_stale_requeue,
)


class Command(BaseCommand):
    help = (
        "Recupera el trabajo que un trabajador caído dejó a medias: tareas que "
        "quedaron «en ejecución» y correos que ninguna tarea está enviando. Nada se "
        "envía dos veces. Para cron, cada minuto; con --cada N repite cada N segundos."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cada", type=float, default=0, metavar="SEGUNDOS")

    def handle(self, *args, cada: float, **options):
        while True:
            tasks = task_stale_requeue()
            emails = email_outbox_recover()
            if tasks or emails or not cada:
                self.stdout.write(
                    f"Tareas devueltas a la cola: {tasks}; correos encolados: {emails}"
                )
            if not cada:
                return
            time.sleep(cada)
