from django.db import models
from django.utils.translation import gettext_lazy as _


class TurnStatus(models.TextChoices):
    RESERVADO = "RESERVADO", _("Reservado")
    EN_ESPERA = "EN_ESPERA", _("En espera")
    ATENDIDO = "ATENDIDO", _("Atendido")
    NO_ASISTIO = "NO_ASISTIO", _("No asistió")
    CANCELADO = "CANCELADO", _("Cancelado")


# Turn codes: Crockford's base32 (documents.codes), so a code read aloud or copied
# by hand from paper is not mistyped; 10 characters carry 50 random bits.
TURN_CODE_LENGTH = 10

# Where the turn journey keeps its state between steps (the person's session).
SESSION_KEY = "turno"
# Salt of the signed cancel/reschedule links.
TURN_LINK_SALT = "clavepatronal.appointments.turn-link"


# RESERVADO → EN_ESPERA (the person arrived) → ATENDIDO (served: the clave issued
# or the attention closed), or RESERVADO → NO_ASISTIO | CANCELADO. Every move of a
# turn's state goes through appointments.services.transitions, which reads this table.
TURN_TRANSITIONS = {
    TurnStatus.RESERVADO: {
        TurnStatus.EN_ESPERA,
        TurnStatus.NO_ASISTIO,
        TurnStatus.CANCELADO,
    },
    TurnStatus.EN_ESPERA: {TurnStatus.ATENDIDO},
    TurnStatus.ATENDIDO: set(),
    TurnStatus.NO_ASISTIO: set(),
    TurnStatus.CANCELADO: set(),
}

# A turn holds its person (and, for a clave turn, its employer) in these states: one
# such turn per person and procedure, and one clave turn per employer.
TURN_ACTIVE_STATUSES = (TurnStatus.RESERVADO, TurnStatus.EN_ESPERA)
