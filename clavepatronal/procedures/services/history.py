"""Every step of a trámite: legal by TRAMITE_TRANSITIONS, once, in the history and
the audit trail."""

from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.core.exceptions import ApplicationError

from ..constants import TRAMITE_TRANSITIONS, TramiteStatus
from ..models import StatusChange, Tramite


class TransitionNotAllowed(ApplicationError):
    """The trámite is not in a state that allows this step."""


def history_add(*, tramite, from_status, to_status, actor_label, note="") -> None:
    StatusChange.objects.create(
        tramite=tramite,
        from_status=from_status,
        to_status=to_status,
        actor_label=actor_label,
        note=note,
    )


def legal_require(*, tramite: Tramite, to: str) -> TramiteStatus:
    current = TramiteStatus(tramite.status)
    if to not in TRAMITE_TRANSITIONS[current]:
        raise TransitionNotAllowed(
            _("Un trámite en estado «%(from)s» no puede pasar a «%(to)s».")
            % {"from": current.label, "to": TramiteStatus(to).label}
        )
    return current


def transition(
    *, tramite: Tramite, to: str, actor=None, actor_label: str, note: str = ""
) -> Tramite:
    """Move the trámite one legal step, once: a conditional UPDATE, so two officers
    (or two tabs) acting at the same moment cannot both succeed."""
    current = legal_require(tramite=tramite, to=to)
    changed = Tramite.objects.filter(pk=tramite.pk, status=current).update(
        status=to, updated=timezone.now()
    )
    if not changed:
        raise TransitionNotAllowed(
            _("El trámite cambió de estado mientras tanto; vuelva a cargarlo.")
        )
    tramite.status = to
    history_add(
        tramite=tramite,
        from_status=current,
        to_status=to,
        actor_label=actor_label,
        note=note,
    )
    audit_event_record(
        action=AuditAction.for_tramite_status(to),
        target=tramite,
        actor=actor,
        actor_label=actor_label,
        data={"number": tramite.number, "from": current, "to": to, "note": note},
    )
    return tramite
