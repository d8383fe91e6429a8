from django.core.management.base import BaseCommand

from clavepatronal.appointments.services import turn_reminders_send


class Command(BaseCommand):
    help = (
        "Envía el recordatorio por correo de los turnos del próximo día hábil; "
        "cada turno lo recibe una sola vez. Para cron, por ejemplo cada hora en días "
        "laborables."
    )

    def handle(self, *args, **options):
        sent = turn_reminders_send()
        self.stdout.write(f"Recordatorios enviados: {sent}")
