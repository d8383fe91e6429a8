from django.core.management.base import BaseCommand

from clavepatronal.appointments.services import draws_prepare, draws_run_due
from clavepatronal.appointments.services.modes import agency_modes_decide


class Command(BaseCommand):
    help = (
        "Sorteos de turnos (cron, cada pocos minutos): decide el modo de las "
        "agencias en modo automático (rige desde la apertura de mañana), publica la "
        "huella de la semilla de los días que se abren en la próxima apertura y "
        "realiza los sorteos cuya hora ya llegó. Se puede ejecutar varias veces: no "
        "repite nada."
    )

    def handle(self, *args, **options):
        switched = agency_modes_decide()
        published = draws_prepare()
        drawn = draws_run_due()
        for switch in switched:
            self.stdout.write(
                f"Modo automático: {switch.agency.name} pasa a {switch.mode} desde "
                f"el {switch.effective_from:%Y-%m-%d}"
            )
        for draw in published:
            self.stdout.write(
                f"Publicado: {draw.agency.name} {draw.day:%Y-%m-%d} "
                f"(SHA-256 {draw.seed_hash})"
            )
        for draw in drawn:
            self.stdout.write(
                f"Sorteado: {draw.agency.name} {draw.day:%Y-%m-%d}: "
                f"{draw.winners} turnos para {draw.applications} solicitudes "
                f"({draw.seats} lugares)"
            )
        self.stdout.write(f"{len(published)} publicados, {len(drawn)} sorteados.")
