import os

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from clavepatronal.appointments.services.demo import demo_draws_load
from clavepatronal.backoffice.services.demo import demo_staff_load
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.employers.services import demo_employer_load
from clavepatronal.employers.sri.fictitious import DEMO_REPRESENTATIVE


class Command(BaseCommand):
    help = (
        "Carga los datos de demostración (idempotente) e imprime los usuarios demo, "
        "las direcciones y los sorteos de la agencia en modo sorteo."
    )

    def handle(self, *args, **options):
        try:
            logins = [*demo_staff_load(), demo_employer_load()]
            draws = demo_draws_load()
        except ApplicationError as error:
            raise CommandError(error.message) from error
        site = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
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
        cedula, name = DEMO_REPRESENTATIVE
        self.stdout.write(
            "Registro de empleadores: el SRI de prueba acepta cualquier RUC válido "
            "(un contribuyente ficticio ACTIVO);\n"
            f"  representante legal de una sociedad o entidad pública: cédula "
            f"{cedula} ({name})."
        )
        self.stdout.write(self.draws_line(draws, site))
        self.stdout.write("Direcciones:")
        for label, path in (
            ("Inicio", "/"),
            ("Registro de empleadores", "/registro/"),
            ("Turnos en línea", "/turnos/"),
            ("Sorteos publicados", "/turnos/sorteos/"),
            ("Portal del empleador", "/empleador/ingresar/"),
            ("Back office", "/backoffice/"),
            ("Administración", "/admin/"),
        ):
            self.stdout.write(f"  {label}: {site}{path}")

    def draws_line(self, draws, site: str) -> str:
        lines = [f"Sorteos: la agencia {draws.agency.name} asigna sus días por sorteo."]
        if draws.done is not None:
            lines.append(
                f"  Sorteo realizado del {draws.done.day:%d/%m/%Y}: "
                f"{site}/turnos/sorteos/{draws.agency.pk}/{draws.done.day:%Y-%m-%d}/ "
                f"(python manage.py verificar_sorteo {draws.agency.pk} "
                f"{draws.done.day:%Y-%m-%d})"
            )
        if draws.open is not None:
            closes = timezone.localtime(draws.open.closes_at)
            lines.append(
                f"  Recibe solicitudes para el {draws.open.day:%d/%m/%Y} hasta el "
                f"{closes:%d/%m/%Y %H:%M}"
            )
        return "\n".join(lines)
