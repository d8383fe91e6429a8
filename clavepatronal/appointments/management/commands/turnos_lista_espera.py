from django.core.management.base import BaseCommand

from clavepatronal.appointments.services.waitlist_expiry import (
    waitlist_entries_lapse,
    waitlist_offers_expire,
)


class Command(BaseCommand):
    help = (
        "Lista de espera (cron, cada minuto): los lugares ofrecidos que nadie tomó "
        "a tiempo pasan a la siguiente persona de la lista (o vuelven al "
        "calendario), y las inscripciones cuyos días ya pasaron quedan sin efecto. "
        "Se puede ejecutar varias veces: cada oferta vence una vez."
    )

    def handle(self, *args, **options):
        expired = waitlist_offers_expire()
        lapsed = waitlist_entries_lapse()
        self.stdout.write(
            f"{expired} ofertas vencidas, {lapsed} inscripciones sin efecto."
        )
