from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from clavepatronal.backoffice.services.staff import device_code_now, staff_device


class Command(BaseCommand):
    help = (
        "Muestra el código TOTP actual de un usuario del personal. Solo con datos de "
        "demostración: nunca en producción."
    )

    def add_arguments(self, parser):
        parser.add_argument("usuario")

    def handle(self, *args, usuario: str, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "Este comando solo funciona con la configuración de demostración."
            )
        user = get_user_model().objects.filter(username=usuario, is_staff=True).first()
        device = staff_device(user=user) if user else None
        if device is None:
            raise CommandError(
                f"«{usuario}» no es personal con aplicación de autenticación."
            )
        self.stdout.write(device_code_now(device))
