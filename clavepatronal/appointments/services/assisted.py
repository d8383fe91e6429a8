"""Turno asistido: an officer at an agency's counter (VENTANILLA) or on the phone
line (TELEFONO) books a turn, or files a draw application, for a person who has no
internet or e-mail. The booking is the online one (turn_book, application_file with
`assisted`): the same binding to the employer and a person its registration names,
the same seats, hours, draws and one-active-turn rules. Only these differ, and live
here: who may book for whom, the proof that replaces the person's e-mailed code, and
each officer's daily volume.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.employers.models import Registration
from clavepatronal.identity.validators import identification_compact

from ..constants import ASSISTED_CHANNELS, TurnChannel, TurnStatus
from ..models import Agency, Turn, TurnApplication
from ..selectors import employer_mailbox_proven
from ..selectors.assisted import assisted_made_today
from .transitions import citizen_actor


@dataclass(frozen=True)
class Assisted:
    """An officer booking for a person: the channel, the officer and their own
    identification (a turn asistido is never for the officer), the agency a counter
    books at (None on the phone line: any agency) and, at the counter, that the
    officer saw the person's original identity document."""

    channel: str
    officer: object
    officer_identification: str
    agency_id: int | None = None
    document_seen: bool = False

    def require(self, *, agency: Agency, identification: str) -> None:
        """What an officer may not do, refused before anything is read or written:
        book without their own identification on record, for themselves, at the
        counter for another agency or without having seen the original document."""
        if self.channel not in ASSISTED_CHANNELS:
            raise _refusal(_("Canal de atención no válido."), "assisted_channel")
        own = identification_compact(self.officer_identification)
        if not own:
            raise _refusal(
                _(
                    "Su cuenta no tiene registrada su cédula, así que no puede "
                    "reservar turnos asistidos. Pida al administrador que la registre "
                    "en su perfil del personal."
                ),
                "assisted_no_identification",
            )
        if own == identification_compact(identification):
            raise _refusal(
                _(
                    "No puede reservar un turno asistido para usted mismo. Pida a "
                    "otro servidor que lo atienda, o reserve en línea."
                ),
                "assisted_self",
            )
        if self.channel == TurnChannel.VENTANILLA:
            self._counter_require(agency)

    def _counter_require(self, agency: Agency) -> None:
        if self.agency_id is None or self.agency_id != agency.pk:
            raise _refusal(
                _(
                    "En ventanilla solo se reservan turnos en su propia agencia. Para "
                    "otra agencia, la persona puede llamar a la línea telefónica o "
                    "reservar en línea."
                ),
                "assisted_scope",
            )
        if not self.document_seen:
            raise _refusal(
                _(
                    "Marque «Vi el documento original» solo después de ver el "
                    "documento de identidad original de la persona: sin eso no se "
                    "reserva en ventanilla."
                ),
                "assisted_document",
            )

    def standing(
        self,
        registration: Registration | None,
        mailbox: str | None,
        *,
        proof_id: int | None,
        now: datetime.datetime,
        **_online,
    ) -> tuple[str, None]:
        """The officer's proof in place of the person's own (`_online`: what only
        the online booking weighs): at the counter the original document (require),
        by phone, for an employer's turn, the code sent to the registration's
        e-mail that the caller read back (the online proof_id; a typed address
        proves nothing here, nobody verified it). Either way the turn is
        RESERVADO, never waiting for the employer."""
        by_phone = self.channel == TurnChannel.TELEFONO
        if by_phone and not employer_mailbox_proven(
            registration=registration,
            email="",
            proof_id=proof_id,
            now=now,
            mailbox=mailbox,
        ):
            raise _refusal(
                _(
                    "Escriba el código que enviamos al correo del registro del "
                    "empleador y que la persona le leyó. Si no llegó o ya venció, "
                    "envíe un código nuevo."
                ),
                "employer_proof",
            )
        return TurnStatus.RESERVADO, None

    def fields(self, officer_field: str) -> dict:
        """The channel and the officer a turn (`booked_by`) or an application
        (`filed_by`) records."""
        return {"channel": self.channel, officer_field: self.officer}


def _refusal(message: str, code: str) -> ApplicationError:
    return ApplicationError(message, extra={"code": code})


def assisted_quota_take(*, officer) -> None:
    """Inside the booking's transaction: at most TURNOS_ASSISTED_DAILY_LIMIT turns
    and applications per officer per local day, the day their rows are written in
    (`created`, the wall clock, whatever clock the booking's rules were judged on).
    The officer's row is locked first (PostgreSQL; SQLite's write transaction is
    already one at a time), so two bookings by one officer at the limit cannot both
    count the same total."""
    get_user_model().objects.select_for_update().filter(pk=officer.pk).first()
    limit = settings.TURNOS_ASSISTED_DAILY_LIMIT
    if assisted_made_today(officer=officer, now=timezone.now()) >= limit:
        raise _refusal(
            _(
                "Llegó al límite de %(limit)d turnos y solicitudes asistidos por día. "
                "Otro servidor puede atender a la persona; si el límite no alcanza, "
                "hable con el administrador."
            )
            % {"limit": limit},
            "assisted_limit",
        )


def _officer(made: Turn | TurnApplication):
    return made.booked_by if isinstance(made, Turn) else made.filed_by


def assisted_actor(made: Turn | TurnApplication) -> dict:
    """Who the audit event of a new turn or application names: the officer who
    booked or filed it for the person, or the person online."""
    officer = _officer(made)
    if officer is None:
        return {"actor_label": citizen_actor(made.identification)}
    return {"actor": officer, "actor_label": officer.get_username()}


def assisted_channel(made: Turn | TurnApplication) -> dict:
    """The channel, in the audit event's data of an assisted one only (an online
    event's data stays as the one-statement booking writes it)."""
    return {} if made.channel == TurnChannel.EN_LINEA else {"channel": made.channel}
