from django.db import models
from django.utils.translation import gettext_lazy as _


class TurnStatus(models.TextChoices):
    RESERVADO = "RESERVADO", _("Reservado")
    # Booked by a person the registration names who does not read its e-mail:
    # the seat is held until the employer confirms from that mailbox, or released.
    POR_CONFIRMAR = "POR_CONFIRMAR", _("Por confirmar del empleador")
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
# The employer's link in the notice to the registration's e-mail (confirm, «No fui yo»).
EMPLOYER_LINK_SALT = "clavepatronal.appointments.employer-link"
EMPLOYER_APPLICATION_LINK_SALT = "clavepatronal.appointments.employer-application-link"


# RESERVADO → EN_ESPERA (the person arrived) → ATENDIDO (served: the clave issued
# or the attention closed), or RESERVADO → NO_ASISTIO | CANCELADO. Every move of a
# turn's state goes through appointments.services.transitions, which reads this table.
TURN_TRANSITIONS = {
    TurnStatus.POR_CONFIRMAR: {TurnStatus.RESERVADO, TurnStatus.CANCELADO},
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


class TurnChannel(models.TextChoices):
    """Where a turn (or a draw application) was made: by the person online, or by
    an officer for a person at an agency's counter or calling the phone line."""

    EN_LINEA = "EN_LINEA", _("En línea")
    VENTANILLA = "VENTANILLA", _("En ventanilla")
    TELEFONO = "TELEFONO", _("Por teléfono")


# The channels where an officer books for the person (services.assisted).
ASSISTED_CHANNELS = (TurnChannel.VENTANILLA, TurnChannel.TELEFONO)


# A turn still ahead of its person: its link shows it and it can be cancelled.
TURN_AHEAD_STATUSES = (TurnStatus.RESERVADO, TurnStatus.POR_CONFIRMAR)


class AllocationMode(models.TextChoices):
    """How an agency's newly released days are given out."""

    ORDEN = "ORDEN", _("Orden de llegada")
    SORTEO = "SORTEO", _("Sorteo")
    # Switches itself between the two by how fast its released days run out
    # (services.modes); starts in ORDEN.
    AUTO = "AUTO", _("Automático")


# The two modes an AUTO agency switches between.
AUTO_MODES = (AllocationMode.ORDEN, AllocationMode.SORTEO)


class DrawStatus(models.TextChoices):
    ABIERTO = "ABIERTO", _("Recibiendo solicitudes")
    REALIZADO = "REALIZADO", _("Realizado")


class ApplicationStatus(models.TextChoices):
    PENDIENTE = "PENDIENTE", _("Participa en el próximo sorteo")
    # Filed by a person the registration names who does not read its e-mail: it
    # enters the draw only once the employer confirms it from that mailbox.
    POR_CONFIRMAR = "POR_CONFIRMAR", _("Por confirmar del empleador")
    ASIGNADA = "ASIGNADA", _("Turno asignado")
    CANCELADA = "CANCELADA", _("Cancelada")
    VENCIDA = "VENCIDA", _("Sin efecto")


# An application names up to this many hours of the day, in order of preference.
APPLICATION_MAX_HOURS = 3
# An application that takes part in the draws, or waits for its employer to.
APPLICATION_LIVE_STATUSES = (
    ApplicationStatus.PENDIENTE,
    ApplicationStatus.POR_CONFIRMAR,
)
# Salt of the signed link of an application (see it, cancel it).
APPLICATION_LINK_SALT = "clavepatronal.appointments.application-link"
# Salt of the pseudonym published for each application in a draw's results.
APPLICATION_PSEUDONYM_SALT = "clavepatronal.appointments.application-pseudonym"

# A slot's start as step g's form sends it and a draw publishes it (local time).
SLOT_START_FORMAT = "%Y-%m-%dT%H:%M"


class WaitlistStatus(models.TextChoices):
    """A place on an agency's waiting list for one procedure (services.waitlist)."""

    ESPERANDO = "ESPERANDO", _("En la lista de espera")
    # A freed seat is held for this entry until its offer expires.
    OFRECIDO = "OFRECIDO", _("Lugar ofrecido")
    ATENDIDA = "ATENDIDA", _("Tomó un turno")
    CANCELADA = "CANCELADA", _("Salió de la lista")
    # Its days went by, or it let an offer expire.
    VENCIDA = "VENCIDA", _("Sin efecto")


# An entry still in the list: one per person and procedure, and per employer.
WAITLIST_LIVE_STATUSES = (WaitlistStatus.ESPERANDO, WaitlistStatus.OFRECIDO)


class OfferStatus(models.TextChoices):
    """A freed seat held for one waiting-list entry."""

    ABIERTA = "ABIERTA", _("Esperando respuesta")
    TOMADA = "TOMADA", _("Tomada")
    RECHAZADA = "RECHAZADA", _("Rechazada")
    VENCIDA = "VENCIDA", _("Vencida")


# Salt of the signed link of a waiting-list entry and of its offers.
WAITLIST_LINK_SALT = "clavepatronal.appointments.waitlist-link"
