"""Issue 30 (7): each refusal says what happened — a past day is past, not «not yet
open»; a second application for the draws is an application, not a turn (the
unstamped power at the desk: tests/backoffice/test_desk_wording.py)."""

import pytest
from django.urls import reverse

from clavepatronal.appointments.constants import SESSION_KEY
from clavepatronal.appointments.selectors import slot_unbookable_reason

from .conftest import NOW, journey_session, local
from .test_draw_views import at_the_window, sorteo  # noqa: F401
from .test_draws import DAY

pytestmark = pytest.mark.django_db


def test_a_past_day_is_past_and_a_far_day_is_not_yet_open(agency):
    past = slot_unbookable_reason(
        agency=agency, starts_at=local(2026, 12, 4, 8, 0), now=NOW
    )
    assert past == "Ese día ya pasó. Elija otro día."
    far = slot_unbookable_reason(
        agency=agency, starts_at=local(2027, 1, 15, 8, 0), now=NOW
    )
    assert far == "Ese día todavía no está abierto para turnos. Elija otro día."


def apply_for_the_draw(client, agency, clave):
    journey_session(client, agency, clave)
    client.post(
        reverse("appointments:schedule_apply"),
        {"dia": DAY.isoformat(), "cualquier_hora": "on"},
    )
    return client.post(reverse("appointments:summary"))


def test_a_second_application_is_called_an_application(
    client,
    agency,
    clave,
    sorteo,  # noqa: F811
    at_the_window,  # noqa: F811
):
    first = apply_for_the_draw(client, agency, clave)
    assert first.url.startswith("/turnos/solicitud/")
    # The same person (the same session's number) applies again.
    state = client.session[SESSION_KEY]
    client.post(
        reverse("appointments:schedule_apply"),
        {"dia": DAY.isoformat(), "cualquier_hora": "on"},
    )
    assert client.session[SESSION_KEY]["identification"] == state["identification"]
    response = client.post(reverse("appointments:summary"))
    page = response.content.decode()
    assert response.status_code == 409
    assert "Ya existe una solicitud con estos datos" in page
    assert "Ya existe un turno" not in page
    assert "verla o cancelarla" in page
