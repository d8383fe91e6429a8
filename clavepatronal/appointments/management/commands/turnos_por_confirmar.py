from django.core.management.base import BaseCommand

from clavepatronal.appointments.services import turns_unconfirmed_release


class Command(BaseCommand):
    help = (
        "Turnos por confirmar (cron, cada cinco minutos): libera el horario de los "
        "turnos que el empleador no confirmó a tiempo desde el correo de su "
        "registro. Se puede ejecutar varias veces: cada horario se libera una vez."
    )

    def handle(self, *args, **options):
        released = turns_unconfirmed_release()
        self.stdout.write(f"{released} turnos sin confirmar liberados.")
