"""Administrators keep agencies, closures and look up turns in the Django admin."""

import pytest
from django.urls import reverse

from clavepatronal.appointments.constants import TurnStatus
from clavepatronal.appointments.models import AgencyClosure
from clavepatronal.appointments.services import turn_book

from ..staff import verified_login
from .conftest import NOW, local, verified_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "admin-turnos", "admin@iess.gob.ec", "una-clave-larga-123"
    )
    return verified_login(client, user)


def test_an_administrator_edits_an_agency_and_adds_a_closure(
    admin_client, agency, clave
):
    change = reverse("admin:appointments_agency_change", args=[agency.pk])
    page = admin_client.get(change).content.decode()
    assert "Cierres de agencias" in page or "cierre de agencia" in page.lower()
    response = admin_client.post(
        change,
        {
            "province": agency.province.pk,
            "name": agency.name,
            "address": agency.address,
            "slot_minutes": 30,
            "capacity_per_slot": 4,
            "procedure_types": [clave.pk],
            "is_active": "on",
            "closures-TOTAL_FORMS": "1",
            "closures-INITIAL_FORMS": "0",
            "closures-MIN_NUM_FORMS": "0",
            "closures-MAX_NUM_FORMS": "1000",
            "closures-0-date": "2026-12-09",
            "closures-0-reason": "Mantenimiento eléctrico",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    agency.refresh_from_db()
    assert (agency.slot_minutes, agency.capacity_per_slot) == (30, 4)
    closure = AgencyClosure.objects.get(agency=agency)
    assert str(closure.date) == "2026-12-09"
    assert closure.reason == "Mantenimiento eléctrico"


@pytest.mark.parametrize(
    "name",
    [
        "admin:appointments_agency_changelist",
        "admin:appointments_agencyclosure_changelist",
        "admin:appointments_agencyclosure_add",
        "admin:appointments_slot_changelist",
        "admin:appointments_turn_changelist",
    ],
)
def test_admin_pages_open(admin_client, agency, clave, name):
    turn_book(
        **verified_person(),
        agency=agency,
        procedure_type=clave,
        starts_at=local(2026, 12, 8, 8, 0),
        now=NOW,
    )
    assert admin_client.get(reverse(name)).status_code == 200


def test_the_admin_cancels_turns_through_the_service(admin_client, agency, clave):
    from django.utils import timezone

    from clavepatronal.appointments.selectors import slot_calendar

    now = timezone.now()
    starts_at = slot_calendar(agency=agency, now=now)[0].slots[0].starts_at
    turn = turn_book(
        **verified_person(now=now),
        agency=agency,
        procedure_type=clave,
        starts_at=starts_at,
        now=now,
    )
    response = admin_client.post(
        reverse("admin:appointments_turn_changelist"),
        {"action": "cancel_turns", "_selected_action": [turn.pk]},
    )
    assert response.status_code == 302
    turn.refresh_from_db()
    assert turn.status == TurnStatus.CANCELADO
    assert turn.slot.booked == 0
