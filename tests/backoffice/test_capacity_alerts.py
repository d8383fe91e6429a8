"""Alertas de capacidad on the administrators' home page: an agency with no free
seat in the horizon is named there; other roles do not see the alerts."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.appointments.conftest import NOW
from tests.appointments.factories import waiting_list_fill, window_fill

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def test_the_administrators_home_names_the_agency_without_free_seats(
    as_admin, as_servidor, quito, guayaquil
):
    window_fill(quito)
    waiting_list_fill(quito, live=3, gone=2)
    page = as_admin.get(reverse("backoffice:home")).content.decode()
    assert "Alertas de capacidad" in page
    alerts = page.split("Alertas de capacidad")[1].split("</section>")[0]
    assert (
        quito.name in alerts and "ningún lugar libre en los próximos 14 días" in alerts
    )
    assert "3 personas en la lista de espera" in alerts
    assert guayaquil.name not in alerts
    assert (
        "Alertas de capacidad"
        not in as_servidor.get(reverse("backoffice:home")).content.decode()
    )


def test_no_alert_while_every_agency_has_a_free_seat(as_admin):
    page = as_admin.get(reverse("backoffice:home")).content.decode()
    assert "Alertas de capacidad" not in page
