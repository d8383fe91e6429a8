from django.core.management.base import BaseCommand

from clavepatronal.employers.selectors import registrations_sri_unverified
from clavepatronal.employers.services import registration_sri_recheck


class Command(BaseCommand):
    help = (
        "Vuelve a consultar al SRI cada registro marcado «RUC no verificado con el "
        "SRI» y guarda su respuesta (cron; los trabajadores de tareas ya lo hacen "
        "unas veces después de cada registro)."
    )

    def handle(self, *args, **options):
        answered = pending = 0
        for registration_id in registrations_sri_unverified():
            result = registration_sri_recheck(
                registration_id=registration_id, schedule_next=False
            )
            if result is not None and result.is_unavailable:
                pending += 1
            elif result is not None:
                answered += 1
        self.stdout.write(
            f"SRI: {answered} registros con respuesta, {pending} siguen sin verificar."
        )
