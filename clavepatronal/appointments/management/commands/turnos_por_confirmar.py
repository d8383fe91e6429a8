from django.core.management.base import BaseCommand

from clavepatronal.appointments.services import (
    applications_unconfirmed_lapse,
    turns_unconfirmed_release,
)


class Command(BaseCommand):
    help = (
        "Turnos y solicitudes por confirmar (cron, cada cinco minutos): libera el "
        "horario de los turnos que el empleador no confirmó a tiempo desde el correo "
        "de su registro, y deja sin efecto las solicitudes de sorteo que no confirmó. "
        "Se puede ejecutar varias veces: cada uno se libera una vez."
    )

    def handle(self, *args, **options):
        released = turns_unconfirmed_release()
        lapsed = applications_unconfirmed_lapse()
        self.stdout.write(
            f"{released} turnos sin confirmar liberados, {lapsed} solicitudes sin "
            "efecto."
        )
