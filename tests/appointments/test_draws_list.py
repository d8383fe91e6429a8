"""Issue 30 (9): /turnos/sorteos/ lists the published draws by agency and day,
each linking to its own page, and the turn pages link to it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clavepatronal.appointments.models import Draw
from clavepatronal.appointments.services import draw_run, draws_prepare

from .conftest import NOW
from .test_draws import DAY, DRAW_TIME

pytestmark = pytest.mark.django_db
LIST = "/turnos/sorteos/"


def test_the_list_says_when_no_agency_draws(client):
    response = client.get(LIST)
    assert response.status_code == 200
    assert "Todavía no hay sorteos publicados" in response.content.decode()


def test_each_published_draw_is_listed_under_its_agency_with_a_link(
    client, agency, monkeypatch
):
    agency.allocation_mode = "SORTEO"
    agency.save()
    (draw,) = draws_prepare(now=NOW)
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    page = client.get(LIST).content.decode()
    assert agency.name in page
    day_page = reverse("appointments:draw_public", args=[agency.pk, DAY.isoformat()])
    assert f'href="{day_page}"' in page
    assert "lunes 21 de diciembre de 2026" in page
    assert "recibe solicitudes desde el 08/12/2026 a las 07:00" in page
    # The draw's own page links back to the list.
    assert f'href="{LIST}"' in client.get(day_page).content.decode()
    draw_run(draw_id=draw.pk, now=DRAW_TIME)
    monkeypatch.setattr(timezone, "now", lambda: DRAW_TIME)
    page = client.get(LIST).content.decode()
    assert "realizado (solicitudes: 0; turnos asignados: 0)" in page


def test_draws_older_than_the_listed_days_leave_the_list(client, agency):
    old = Draw.objects.create(
        agency=agency,
        day=datetime.date(2020, 1, 6),
        opens_at=datetime.datetime(2020, 1, 1, 12, tzinfo=datetime.UTC),
        closes_at=datetime.datetime(2020, 1, 1, 23, tzinfo=datetime.UTC),
        seed="00" * 32,
        seed_hash="x" * 64,
    )
    page = client.get(LIST).content.decode()
    assert old.day.isoformat() not in page


def test_the_turns_start_page_links_to_the_list(client, clave):
    content = client.get(reverse("appointments:start")).content.decode()
    assert f'href="{LIST}"' in content
    assert reverse("appointments:draws") == LIST
