import datetime

from django.core.management.base import BaseCommand, CommandError

from clavepatronal.appointments.constants import DrawStatus
from clavepatronal.appointments.models import Agency
from clavepatronal.appointments.selectors.draws import draw_day_get, draw_verify


class Command(BaseCommand):
    help = (
        "Repite el cálculo de un sorteo con lo que publicó (semilla, lugares y "
        "solicitudes) y dice si coincide con el resultado y con la huella publicada "
        "antes. Uso: verificar_sorteo <agencia (id o nombre)> <día AAAA-MM-DD>."
    )

    def add_arguments(self, parser):
        parser.add_argument("agencia")
        parser.add_argument("dia")

    def handle(self, *args, agencia, dia, **options):
        agencies = Agency.objects.all()
        agency = (
            agencies.filter(pk=int(agencia)).first()
            if agencia.isdigit()
            else agencies.filter(name=agencia).first()
        )
        if agency is None:
            raise CommandError(f"No hay una agencia «{agencia}».")
        try:
            day = datetime.date.fromisoformat(dia)
        except ValueError:
            raise CommandError("El día se escribe AAAA-MM-DD.") from None
        draw = draw_day_get(agency=agency, day=day)
        if draw is None or draw.status != DrawStatus.REALIZADO:
            raise CommandError("Ese sorteo no existe o aún no se realiza.")
        check = draw_verify(draw)
        seed = "coinciden" if check.seed_matches else "NO coinciden"
        self.stdout.write(f"Semilla y huella publicada: {seed}")
        self.stdout.write(
            f"Resultado recalculado ({check.entries} solicitudes, {check.winners} "
            f"turnos): {'coincide' if check.result_matches else 'NO coincide'}"
        )
        if not check.ok:
            raise CommandError("El sorteo publicado no se puede verificar.")
        self.stdout.write("Sorteo verificado.")
