"""The breach register (LOPDP Arts. 43 and 46): an incident with its two clocks,
the Authority's notice marked when given, and the notice to each affected
employer e-mailed once through the outbox."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.notifications.services import email_send

from ..models import BreachIncident, BreachNotice
from ..selectors.rights import breach_affected_employers
from ..working_days import working_days_add


@transaction.atomic
def breach_record(
    *,
    title: str,
    description: str,
    data_concerned: str,
    discovered_at: datetime.datetime,
    window_start: datetime.datetime,
    window_end: datetime.datetime,
    recorded_by,
    actor_username: str = "",
    ip: str | None = None,
    actions: list[str] | None = None,
) -> BreachIncident:
    """Record the incident; both deadlines count working days from discovery."""
    day = timezone.localdate(discovered_at)
    incident = BreachIncident(
        title=title,
        description=description,
        data_concerned=data_concerned,
        discovered_at=discovered_at,
        window_start=window_start,
        window_end=window_end,
        actor_username=actor_username,
        ip=ip or None,
        actions=list(actions or []),
        authority_due_on=working_days_add(
            start=day, days=settings.PRIVACY_BREACH_AUTHORITY_WORKING_DAYS
        ),
        people_due_on=working_days_add(
            start=day, days=settings.PRIVACY_BREACH_PEOPLE_WORKING_DAYS
        ),
        recorded_by=recorded_by,
    )
    incident.full_clean()
    incident.save()
    audit_event_record(
        action=AuditAction.INCIDENTE_REGISTRADO, target=incident, actor=recorded_by
    )
    return incident


@transaction.atomic
def breach_authority_mark(*, incident: BreachIncident, officer) -> BreachIncident:
    """The Authority was notified (outside the system): record when."""
    incident = BreachIncident.objects.select_for_update().get(pk=incident.pk)
    if incident.authority_notified_at is not None:
        raise ApplicationError(_("La notificación a la Autoridad ya está registrada."))
    incident.authority_notified_at = timezone.now()
    incident.save(update_fields=["authority_notified_at", "updated"])
    audit_event_record(
        action=AuditAction.INCIDENTE_AUTORIDAD, target=incident, actor=officer
    )
    return incident


@transaction.atomic
def breach_people_notify(*, incident: BreachIncident, officer) -> int:
    """E-mail the notice to every affected employer not yet notified (each one
    recorded as a BreachNotice); returns how many were sent."""
    incident = BreachIncident.objects.select_for_update().get(pk=incident.pk)
    now = timezone.now()
    sent = []
    for employer in breach_affected_employers(incident=incident):
        if employer.notified or not employer.email:
            continue
        BreachNotice.objects.create(
            incident=incident,
            employer_identification=employer.identification,
            email=employer.email,
            sent_at=now,
        )
        email_send(
            to=employer.email,
            subject=_("Aviso del IESS sobre la seguridad de sus datos"),
            template_name="incidente_aviso",
            context={"incident": incident, "employer": employer},
            key=f"incidente-{incident.pk}-{employer.identification}",
        )
        sent.append(employer.identification)
    if not sent:
        raise ApplicationError(
            _("No hay empleadores afectados con correo que falten por avisar.")
        )
    if incident.people_notified_at is None:
        incident.people_notified_at = now
        incident.save(update_fields=["people_notified_at", "updated"])
    audit_event_record(
        action=AuditAction.INCIDENTE_TITULARES,
        target=incident,
        actor=officer,
        data={"employers": sent},
    )
    return len(sent)
