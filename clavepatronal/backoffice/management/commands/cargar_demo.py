import os

from django.core.management.base import BaseCommand, CommandError

from clavepatronal.backoffice.services.demo import demo_staff_load
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.employers.services import demo_employer_load


class Command(BaseCommand):
    help = "Carga los datos de demostración (idempotente) e imprime los usuarios demo."

    def handle(self, *args, **options):
        try:
            logins = [*demo_staff_load(), demo_employer_load()]
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write("Usuarios de demostración (solo para pruebas locales):")
        for login in logins:
            self.stdout.write(
                f"  {login.role}: usuario «{login.username}», clave «{login.password}»"
            )
            if login.totp_secret:
                self.stdout.write(
                    f"    secreto TOTP (app de autenticación): {login.totp_secret}"
                    f" — o: python manage.py codigo_totp {login.username}"
                )
        port = os.environ.get("PORT", "8000")
        self.stdout.write(f"  Back office: http://127.0.0.1:{port}/backoffice/")
        self.stdout.write(f"  Administración: http://127.0.0.1:{port}/admin/")
        self.stdout.write(
            f"  Portal del empleador: http://127.0.0.1:{port}/empleador/ingresar/"
        )
