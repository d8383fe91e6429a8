"""Apply the retention table (docs/datos-personales.md): run it daily from cron."""

from django.core.management.base import BaseCommand

from clavepatronal.privacy.purge import purge_due_counts, purge_run
from clavepatronal.privacy.retention import RULES_BY_KEY


class Command(BaseCommand):
    help = (
        "Elimina o anonimiza los datos personales cuyo plazo de conservación venció "
        "(tabla de conservación) y registra un evento de auditoría con los conteos."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="solo muestra qué haría, sin cambiar nada",
        )

    def handle(self, *args, dry_run: bool, **options):
        counts = purge_due_counts() if dry_run else purge_run()
        verb = "se haría" if dry_run else "hecho"
        for key, count in counts.items():
            rule = RULES_BY_KEY[key]
            self.stdout.write(
                f"{key}: {count} ({rule.action.label}; {verb}; "
                f"plazo {rule.period_display})"
            )
        total = sum(counts.values())
        if dry_run:
            self.stdout.write(f"Simulación: {total} fila(s) por depurar; nada cambió.")
        else:
            self.stdout.write(f"Depuración terminada: {total} fila(s).")
