"""The breach register: both clocks in working days, the affected employers
computed from the audit trail by the incident's criterion, and the notice sent
once per employer through the outbox."""

import datetime

import pytest
from django.utils import timezone

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.models import AuditEvent
from clavepatronal.audit.services import audit_event_record
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.notifications.models import OutboxEmail
from clavepatronal.privacy.models import BreachNotice
from clavepatronal.privacy.selectors.rights import (
    breach_affected_employers,
    breach_affected_identifications,
)
from clavepatronal.privacy.services.breaches import (
    breach_authority_mark,
    breach_people_notify,
    breach_record,
)
from tests.employers.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_user(username="admin", is_staff=True)


@pytest.fixture
def intruder(django_user_model):
    return django_user_model.objects.create_user(username="intruso", is_staff=True)


def record(admin, **overrides):
    now = timezone.now()
    data = {
        "title": "Cuenta de servidor comprometida",
        "description": "Alguien usó la cuenta de un servidor.",
        "data_concerned": "Registro del empleador",
        "discovered_at": now,
        "window_start": now - datetime.timedelta(hours=1),
        "window_end": now + datetime.timedelta(hours=1),
        "recorded_by": admin,
    }
    data.update(overrides)
    return breach_record(**data)


def test_the_clocks_count_working_days_from_the_discovery(admin):
    # Friday 30 Oct 2026, 10:00 in Ecuador; 2 and 3 Nov are national holidays.
    discovered = datetime.datetime(
        2026, 10, 30, 10, tzinfo=timezone.get_current_timezone()
    )
    incident = record(admin, discovered_at=discovered)
    assert incident.people_due_on == datetime.date(2026, 11, 6)  # 3 working days
    assert incident.authority_due_on == datetime.date(2026, 11, 10)  # 5
    assert AuditEvent.objects.filter(
        action="incidente.registrado", target_id=str(incident.pk)
    ).exists()


def test_affected_employers_follow_the_actor_criterion(admin, intruder):
    touched = RegistrationFactory()
    spared = RegistrationFactory(sector="DOMESTICO")
    audit_event_record(
        action=AuditAction.DOCUMENTO_DESCARGADO, target=touched, actor=intruder
    )
    audit_event_record(
        action=AuditAction.DOCUMENTO_DESCARGADO, target=spared, actor=admin
    )
    everyone = record(admin)
    assert breach_affected_identifications(incident=everyone) == sorted(
        [touched.employer_identification, spared.employer_identification]
    )
    by_intruder = record(admin, actor_username="intruso")
    assert breach_affected_identifications(incident=by_intruder) == [
        touched.employer_identification
    ]
    by_other_action = record(admin, actions=[AuditAction.CLAVE_EMITIDA])
    assert breach_affected_identifications(incident=by_other_action) == []


def test_events_outside_the_window_do_not_count(admin, intruder):
    touched = RegistrationFactory()
    audit_event_record(
        action=AuditAction.DOCUMENTO_DESCARGADO, target=touched, actor=intruder
    )
    now = timezone.now()
    later = record(
        admin,
        window_start=now + datetime.timedelta(minutes=5),
        window_end=now + datetime.timedelta(hours=2),
    )
    assert breach_affected_identifications(incident=later) == []


def test_the_notice_goes_once_to_each_affected_employer(admin, intruder):
    touched = RegistrationFactory()
    audit_event_record(
        action=AuditAction.DOCUMENTO_DESCARGADO, target=touched, actor=intruder
    )
    incident = record(admin, actor_username="intruso")
    assert breach_people_notify(incident=incident, officer=admin) == 1
    notice = BreachNotice.objects.get()
    assert notice.employer_identification == touched.employer_identification
    mail = OutboxEmail.objects.get(to=touched.email, subject__contains="seguridad")
    assert incident.description in mail.body
    incident.refresh_from_db()
    assert incident.people_notified_at is not None
    assert breach_affected_employers(incident=incident)[0].notified
    with pytest.raises(ApplicationError):
        breach_people_notify(incident=incident, officer=admin)
    assert OutboxEmail.objects.filter(subject__contains="seguridad").count() == 1
    assert AuditEvent.objects.filter(action="incidente.titulares_notificados").count()


def test_the_authority_notice_is_marked_once(admin):
    incident = record(admin)
    breach_authority_mark(incident=incident, officer=admin)
    incident.refresh_from_db()
    assert incident.authority_notified_at is not None
    with pytest.raises(ApplicationError):
        breach_authority_mark(incident=incident, officer=admin)
    assert AuditEvent.objects.filter(action="incidente.autoridad_notificada").count()


def test_the_database_refuses_a_window_that_ends_before_it_starts(admin):
    from django.core.exceptions import ValidationError

    now = timezone.now()
    with pytest.raises(ValidationError):
        record(admin, window_start=now, window_end=now - datetime.timedelta(hours=1))
