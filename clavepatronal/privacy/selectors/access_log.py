"""«Quién consultó mis datos»: from the audit trail, every time staff viewed or
changed an employer's data or files, with the officer's role and unit (never the
name: docs/datos-personales.md says why) and the trámite or turn behind it.

An event concerns an employer when its target is one of the employer's rows
(registration, account, activation, power, trámite, file, turn, application,
reset request, generated document). Its reason is the trámite or turn it was
attached to: its own target when that is one, else another event written by the
same request (a key issued on approving a trámite shares the request with the
trámite's own event). A staff event with neither is flagged for administrators.
"""

from dataclasses import dataclass

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from clavepatronal.appointments.models import Turn, TurnApplication
from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.models import AuditEvent
from clavepatronal.documents.models import GeneratedDocument
from clavepatronal.employers.models import (
    Activation,
    ClaveResetRequest,
    EmployerAccount,
    PowerOfAttorney,
    Registration,
)
from clavepatronal.procedures.models import Attachment, Tramite
from clavepatronal.procedures.selectors import employer_tramite_list

TRAMITE = "procedures.tramite"
ATTACHMENT = "procedures.attachment"
TURN = "appointments.turn"
APPLICATION = "appointments.turnapplication"
POWER = "employers.powerofattorney"
REGISTRATION = "employers.registration"
ACCOUNT = "employers.employeraccount"
ACTIVATION = "employers.activation"
RESET = "employers.claveresetrequest"
DOCUMENT = "documents.generateddocument"
# Targets that are themselves a reason: a trámite, a turn, a power under review.
REASON_TYPES = (TRAMITE, ATTACHMENT, TURN, APPLICATION, POWER)
# Targets with no reason of their own: a sibling event must give it.
BARE_TYPES = (REGISTRATION, ACCOUNT, ACTIVATION, RESET, DOCUMENT)
EVENT_RELATED = ("actor__staff_profile__agency", "actor__staff_profile__province")


def _ids(queryset: QuerySet) -> QuerySet:
    return queryset.order_by().values_list(Cast("pk", CharField()), flat=True)


def _employer_targets(account: EmployerAccount) -> Q:
    identification = account.identification
    tramites = employer_tramite_list(identification=identification)
    owned = {
        REGISTRATION: Registration.objects.filter(
            employer_identification=identification
        ),
        ACCOUNT: EmployerAccount.objects.filter(pk=account.pk),
        ACTIVATION: Activation.objects.filter(account=account),
        POWER: PowerOfAttorney.objects.filter(
            registration__employer_identification=identification
        ),
        TRAMITE: tramites,
        ATTACHMENT: Attachment.objects.filter(tramite__in=tramites.values("pk")),
        TURN: Turn.objects.filter(employer_identification=identification),
        APPLICATION: TurnApplication.objects.filter(
            employer_identification=identification
        ),
        RESET: ClaveResetRequest.objects.filter(
            registration__employer_identification=identification
        ),
        DOCUMENT: GeneratedDocument.objects.filter(
            holder_identification=identification
        ),
    }
    query = Q()
    for target_type, rows in owned.items():
        query |= Q(target_type=target_type, target_id__in=_ids(rows))
    return query


def staff_events(queryset: QuerySet | None = None) -> QuerySet[AuditEvent]:
    """Events written by a staff account, newest first, with its unit."""
    events = AuditEvent.objects.all() if queryset is None else queryset
    return (
        events.filter(actor__is_staff=True)
        .select_related(*EVENT_RELATED)
        .order_by("-created", "-pk")
    )


def employer_access_events(*, account: EmployerAccount) -> QuerySet[AuditEvent]:
    """Every staff view or change of this employer's data, newest first."""
    return staff_events(AuditEvent.objects.filter(_employer_targets(account)))


def staff_access_without_reason() -> QuerySet[AuditEvent]:
    """Staff events on an employer's data with no trámite or turn behind them:
    neither their target nor any event of the same request is one."""
    with_reason = (
        AuditEvent.objects.filter(target_type__in=REASON_TYPES)
        .exclude(request_id="")
        .values("request_id")
    )
    return staff_events(
        AuditEvent.objects.filter(target_type__in=BARE_TYPES).exclude(
            ~Q(request_id="") & Q(request_id__in=with_reason)
        )
    )


@dataclass(frozen=True)
class AccessRow:
    """One line of the page: when, what, who (role and unit) and why."""

    at: object
    action: str
    what: str
    role: str
    unit: str
    reason: str
    flagged: bool
    event: AuditEvent


def officer_unit(event: AuditEvent) -> str:
    """The officer's agency and province; administrators work for all of them."""
    profile = getattr(event.actor, "staff_profile", None)
    if profile is None or profile.province is None:
        return _("Administración nacional (todas las provincias)")
    if profile.agency is not None:
        return _("Agencia %(agency)s, %(province)s") % {
            "agency": profile.agency.name,
            "province": profile.province.name,
        }
    return _("Provincia de %(province)s") % {"province": profile.province.name}


def _action_label(action: str) -> str:
    try:
        return str(AuditAction(action).label)
    except ValueError:
        return action


class _Names:
    """What the page's targets are called: one query per kind on the page."""

    def __init__(self, pairs: set[tuple[str, str]]) -> None:
        def ids(kind: str) -> list[int]:
            return [int(i) for t, i in pairs if t == kind and i.isdigit()]

        self.tramites = dict(
            Tramite.objects.filter(pk__in=ids(TRAMITE)).values_list("pk", "number")
        )
        self.files = {
            a.pk: (a.tramite.number, a.requirement_name)
            for a in Attachment.objects.filter(pk__in=ids(ATTACHMENT))
            .select_related("tramite")
            .only("requirement_name", "tramite__number")
        }
        self.turns = dict(
            Turn.objects.filter(pk__in=ids(TURN)).values_list("pk", "code")
        )
        self.powers = dict(
            PowerOfAttorney.objects.filter(pk__in=ids(POWER)).values_list(
                "pk", "deed_number"
            )
        )

    def what(self, target_type: str, target_id: str) -> str:
        pk = int(target_id) if target_id.isdigit() else None
        match target_type:
            case "procedures.tramite":
                return _("Trámite %(n)s") % {"n": self.tramites.get(pk, "")}
            case "procedures.attachment":
                number, name = self.files.get(pk, ("", ""))
                return _("Archivo «%(name)s» del trámite %(n)s") % {
                    "name": name,
                    "n": number,
                }
            case "appointments.turn":
                return _("Turno %(code)s") % {"code": self.turns.get(pk, "")}
            case "appointments.turnapplication":
                return _("Solicitud de turno para el sorteo")
            case "employers.powerofattorney":
                return _("Poder notarial, escritura %(n)s") % {
                    "n": self.powers.get(pk, "")
                }
            case "documents.generateddocument":
                return _("Documento generado (Solicitud, Acuerdo o Acta)")
            case "employers.employeraccount" | "employers.activation":
                return _("Cuenta del portal y clave")
        return _("Registro del empleador")

    def reason(self, target_type: str, target_id: str) -> str:
        if target_type in (TRAMITE, ATTACHMENT):
            pk = int(target_id) if target_id.isdigit() else None
            number = self.tramites.get(pk) or self.files.get(pk, ("",))[0]
            return _("Trámite %(n)s") % {"n": number}
        if target_type == POWER:
            return _("Validación del poder notarial")
        return self.what(target_type, target_id)


def access_rows(events) -> list[AccessRow]:
    """The page's events as rows; the reason of a bare event comes from another
    event of its request that has one."""
    events = list(events)
    request_ids = {e.request_id for e in events if e.request_id}
    siblings = {}
    for sibling in (
        AuditEvent.objects.filter(
            request_id__in=request_ids, target_type__in=REASON_TYPES
        )
        .order_by("pk")
        .only("request_id", "target_type", "target_id")
    ):
        siblings.setdefault(sibling.request_id, sibling)
    pairs = {(e.target_type, e.target_id) for e in events}
    pairs |= {(s.target_type, s.target_id) for s in siblings.values()}
    names = _Names(pairs)
    rows = []
    for event in events:
        behind = (
            event
            if event.target_type in REASON_TYPES
            else siblings.get(event.request_id)
        )
        rows.append(
            AccessRow(
                at=event.created,
                action=_action_label(event.action),
                what=names.what(event.target_type, event.target_id),
                role=event.actor_role or _("Personal"),
                unit=officer_unit(event),
                reason=names.reason(behind.target_type, behind.target_id)
                if behind
                else _(
                    "Sin trámite ni turno: señalada para revisión del administrador"
                ),
                flagged=behind is None,
                event=event,
            )
        )
    return rows


def event_employers(events) -> dict[int, str]:
    """The RUC (or cédula) each bare event concerns, for the administrator's page:
    one query per kind of target."""
    wanted: dict[str, set[int]] = {}
    for event in events:
        if event.target_id.isdigit():
            wanted.setdefault(event.target_type, set()).add(int(event.target_id))
    sources = {
        REGISTRATION: (Registration.objects, "employer_identification"),
        DOCUMENT: (GeneratedDocument.objects, "holder_identification"),
        ACCOUNT: (EmployerAccount.objects, "user__username"),
        ACTIVATION: (Activation.objects, "account__user__username"),
        RESET: (ClaveResetRequest.objects, "identification"),
    }
    found: dict[tuple[str, int], str] = {}
    for target_type, pks in wanted.items():
        if target_type not in sources:
            continue
        manager, field = sources[target_type]
        for pk, identification in manager.filter(pk__in=pks).values_list("pk", field):
            found[(target_type, pk)] = identification
    return {
        event.pk: found.get((event.target_type, int(event.target_id)), "")
        for event in events
        if event.target_id.isdigit()
    }
