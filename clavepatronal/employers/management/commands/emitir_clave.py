from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.employers.selectors import registration_active_get
from clavepatronal.employers.services import clave_issue_by_link


class Command(BaseCommand):
    help = (
        "Emite la clave patronal de un empleador registrado por el canal virtual: "
        "envía el enlace de activación (72 horas, un solo uso) al correo verificado "
        "del registro. Para soporte y demostración; la entrega presencial la hace "
        "un servidor en la agencia."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "identificacion", help="RUC (o cédula del empleador doméstico)"
        )
        parser.add_argument(
            "--canal",
            choices=["virtual"],
            default="virtual",
            help="Solo virtual: un código presencial nunca se imprime en una terminal.",
        )

    def handle(self, *args, identificacion: str, **options):
        registration = registration_active_get(identification=identificacion.strip())
        if registration is None:
            raise CommandError(f"No hay un registro activo para «{identificacion}».")
        try:
            result = clave_issue_by_link(
                registration=registration,
                actor_label="soporte (emitir_clave)",
            )
        except ApplicationError as error:
            raise CommandError(error.message) from error
        activation = result.activation
        self.stdout.write(
            f"Enlace de activación enviado a {activation.email} "
            f"(vence {timezone.localtime(activation.expires_at):%Y-%m-%d %H:%M}). "
            "En el entorno local, el correo está en var/mail/."
        )
