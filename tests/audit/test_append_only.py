"""The audit trail is append-only: not the ORM, not the admin, not SQL change it."""

import pytest
from django.contrib.admin.sites import site
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.models import AppendOnlyError, AuditEvent
from clavepatronal.audit.services import audit_event_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return audit_event_record(action=AuditAction.CUENTA_INGRESO, actor_label="pruebas")


def test_the_orm_refuses_to_change_or_delete_an_event(event):
    event.action = "otra.cosa"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="otra.cosa")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == AuditAction.CUENTA_INGRESO


def test_the_database_refuses_an_update_in_plain_sql(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditevent SET action = %s WHERE id = %s",
                ["otra.cosa", event.pk],
            )
    assert AuditEvent.objects.get(pk=event.pk).action == AuditAction.CUENTA_INGRESO


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite keeps DELETE for test flushes"
)
def test_postgresql_refuses_a_delete_in_plain_sql(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_admin_offers_no_add_change_or_delete(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    model_admin = site._registry[AuditEvent]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_an_event_outside_a_request_has_no_ip(event):
    assert event.ip is None and event.actor_role == ""


def test_an_action_outside_the_catalogue_is_refused():
    with pytest.raises(ValueError):
        audit_event_record(action="prueba.evento", actor_label="pruebas")
    assert not AuditEvent.objects.exists()
