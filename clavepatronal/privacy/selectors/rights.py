"""Reads for rights requests (the queue, its clock, the «dato en disputa» flag)
and for breaches (the employers an incident touched, from the audit trail)."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from clavepatronal.appointments.models import Turn
from clavepatronal.audit.models import AuditEvent
from clavepatronal.employers.models import Registration
from clavepatronal.procedures.models import Attachment, Tramite

from ..models import OPEN_STATUSES, BreachIncident, RightsRequest
from ..working_days import working_days_between


@dataclass(frozen=True)
class RequestClock:
    """An open request is overdue from the day after its deadline; due soon
    when at most PRIVACY_RIGHTS_DUE_SOON_WORKING_DAYS working days are left."""

    request: RightsRequest
    past_deadline: bool
    working_days_left: int  # negative: working days since the deadline

    @property
    def overdue(self) -> bool:
        return self.request.is_open and self.past_deadline

    @property
    def due_soon(self) -> bool:
        soon = settings.PRIVACY_RIGHTS_DUE_SOON_WORKING_DAYS
        return (
            self.request.is_open
            and not self.past_deadline
            and self.working_days_left <= soon
        )


def request_clock(*, request: RightsRequest, today=None) -> RequestClock:
    today = today or timezone.localdate()
    return RequestClock(
        request=request,
        past_deadline=today > request.due_on,
        working_days_left=working_days_between(start=today, end=request.due_on),
    )


def rights_queue(*, status: str = "", today=None) -> list[RequestClock]:
    """The requests, open ones first by deadline; `status` filters."""
    requests = RightsRequest.objects.select_related("assigned_to")
    if status:
        requests = requests.filter(status=status)
    else:
        requests = requests.filter(status__in=OPEN_STATUSES)
    return [request_clock(request=r, today=today) for r in requests[:500]]


def rights_alerts(*, today=None) -> dict[str, list[RequestClock]]:
    """Open requests past their deadline and those due within the warning days."""
    clocks = rights_queue(today=today)
    return {
        "overdue": [c for c in clocks if c.overdue],
        "due_soon": [c for c in clocks if c.due_soon],
    }


def disputed_requests(*, identifications: list[str]) -> QuerySet[RightsRequest]:
    """Open requests about an employer (its RUC or cédula) or naming the person,
    filed from the employer's own mailbox or portal: while one is open the data are
    «en disputa» (LOPDP Art. 19). A stranger's request, proven only by their own
    mailbox, goes to the data-protection officer and flags nothing."""
    wanted = [i for i in identifications if i]
    if not wanted:
        return RightsRequest.objects.none()
    return RightsRequest.objects.filter(
        Q(employer_identification__in=wanted) | Q(identification__in=wanted),
        status__in=OPEN_STATUSES,
        speaks_for_employer=True,
    ).order_by("received_at")


# --- breaches


@dataclass(frozen=True)
class AffectedEmployer:
    identification: str
    business_name: str
    email: str
    notified: bool


def _events(incident: BreachIncident) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(
        created__gte=incident.window_start, created__lte=incident.window_end
    )
    if incident.actor_username:
        events = events.filter(actor__username=incident.actor_username)
    if incident.ip:
        events = events.filter(ip=incident.ip)
    if incident.actions:
        events = events.filter(action__in=incident.actions)
    return events


def _target_ids(events: QuerySet[AuditEvent], model) -> list[int]:
    ids = events.filter(target_type=model._meta.label_lower).values_list(
        "target_id", flat=True
    )
    return [int(pk) for pk in set(ids) if pk.isdigit()]


def breach_affected_identifications(*, incident: BreachIncident) -> list[str]:
    """Employers (RUC or cédula) whose registration, trámites, attachments or turns
    are the target of an audit event inside the incident's window that matches
    its actor, IP and actions (each filter only when given)."""
    events = _events(incident)
    found = set(
        Registration.objects.filter(
            pk__in=_target_ids(events, Registration)
        ).values_list("employer_identification", flat=True)
    )
    found |= set(
        Tramite.objects.filter(pk__in=_target_ids(events, Tramite)).values_list(
            "employer_identification", flat=True
        )
    )
    found |= set(
        Attachment.objects.filter(pk__in=_target_ids(events, Attachment)).values_list(
            "tramite__employer_identification", flat=True
        )
    )
    found |= set(
        Turn.objects.filter(pk__in=_target_ids(events, Turn)).values_list(
            "employer_identification", flat=True
        )
    )
    return sorted(i for i in found if i)


def breach_affected_employers(*, incident: BreachIncident) -> list[AffectedEmployer]:
    """Each affected employer with its newest registration's name and e-mail
    (where the notice goes) and whether it was already notified."""
    identifications = breach_affected_identifications(incident=incident)
    registrations = {}
    for registration in Registration.objects.filter(
        employer_identification__in=identifications
    ).order_by("created"):
        registrations[registration.employer_identification] = registration
    notified = set(incident.notices.values_list("employer_identification", flat=True))
    return [
        AffectedEmployer(
            identification=identification,
            business_name=getattr(
                registrations.get(identification), "business_name", ""
            ),
            email=getattr(registrations.get(identification), "email", ""),
            notified=identification in notified,
        )
        for identification in identifications
    ]
