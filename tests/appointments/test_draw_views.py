"""The sorteo through the pages: step g on a drawn day asks for hours, «Confirmar»
files an application, its page and the public page; what each visitor may see."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from clavepatronal.appointments.constants import ApplicationStatus
from clavepatronal.appointments.models import Turn, TurnApplication
from clavepatronal.appointments.services import draw_run, draws_prepare

from ..staff import verified_login
from .conftest import NOW, journey_session, verified_person
from .test_draws import DAY, DRAW_TIME, DURING

pytestmark = pytest.mark.django_db


@pytest.fixture
def sorteo(agency):
    agency.allocation_mode = "SORTEO"
    agency.save()
    (draw,) = draws_prepare(now=NOW)
    return draw


@pytest.fixture
def at_the_window(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: DURING)


def test_apply_for_a_drawn_day_through_steps_g_and_h(
    client, sorteo, agency, clave, at_the_window, django_capture_on_commit_callbacks
):
    person = journey_session(client, agency, clave)
    page = client.get(
        reverse("appointments:schedule") + f"?dia={DAY.isoformat()}"
    ).content.decode()
    assert "Solicitud para el sorteo" in page and "por sorteo" in page
    assert 'name="inicio" value="2026-12-21T' not in page  # no hour is bookable
    response = client.post(
        reverse("appointments:schedule_apply"),
        {"dia": DAY.isoformat(), "hora_1": "08:00", "hora_2": "09:00"},
    )
    assert response.url == reverse("appointments:summary")
    summary = client.get(response.url).content.decode()
    assert "Verifique su solicitud para el sorteo" in summary
    assert "08:00, 09:00" in summary and "no se reserva un turno" in summary
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("appointments:summary"))
    assert response.url.startswith("/turnos/solicitud/")
    application = TurnApplication.objects.get(identification=person["identification"])
    assert (application.hours, application.any_hour) == (["08:00", "09:00"], False)
    detail = client.get(response.url).content.decode()
    assert "Participa en el próximo sorteo" in detail
    assert not Turn.objects.exists()
    (message,) = [m for m in mail.outbox if m.to == [person["email"]]]
    link = re.search(r"https?://[^/\s]+(/turnos/solicitud/[^\s]+/)", message.body)
    assert link.group(1) == response.url


def test_no_hour_and_no_any_hour_is_a_clear_message(
    client, sorteo, agency, clave, at_the_window
):
    journey_session(client, agency, clave)
    response = client.post(
        reverse("appointments:schedule_apply"), {"dia": DAY.isoformat()}, follow=True
    )
    assert "Elija al menos una hora" in response.content.decode()
    assert not TurnApplication.objects.exists()


def test_the_applicant_cancels_from_the_link(
    client, sorteo, agency, clave, at_the_window
):
    journey_session(client, agency, clave)
    client.post(
        reverse("appointments:schedule_apply"),
        {"dia": DAY.isoformat(), "cualquier_hora": "on"},
    )
    link = client.post(reverse("appointments:summary")).url
    token = link.rstrip("/").split("/")[-1]
    client.post(reverse("appointments:application_cancel", args=[token]))
    assert TurnApplication.objects.get().status == ApplicationStatus.CANCELADA
    assert (
        client.get(reverse("appointments:application_detail", args=["x"])).status_code
        == 404
    )


def test_the_public_page_and_json_after_the_draw(client, sorteo, agency, clave):
    from clavepatronal.appointments.services import application_file

    application_file(
        **verified_person(now=DURING),
        agency=agency,
        procedure_type=clave,
        day=DAY,
        hours=["08:00"],
        any_hour=False,
        now=DURING,
    )
    draw_run(draw_id=sorteo.pk, now=DRAW_TIME)
    url = reverse("appointments:draw_public", args=[agency.pk, DAY.isoformat()])
    page = client.get(url).content.decode()
    sorteo.refresh_from_db()
    assert sorteo.seed in page and "el resultado es el mismo" in page
    data = client.get(
        reverse("appointments:draw_public_json", args=[agency.pk, DAY.isoformat()])
    ).json()
    assert data["semilla"] == sorteo.seed and len(data["solicitudes"]) == 1
    assert data["asignacion"] == sorteo.result["assigned"]
    # Nothing about the people: no number, no name, no e-mail.
    application = TurnApplication.objects.get()
    for private in (
        application.identification,
        application.email,
        application.holder_names,
    ):
        assert private not in page and private not in str(data)
    bad = reverse("appointments:draw_public", args=[agency.pk, "2026-99-99"])
    assert client.get(bad).status_code == 404


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "admin-sorteos", "admin@iess.gob.ec", "una-clave-larga-123"
    )
    return verified_login(client, user)


def test_the_mode_is_set_per_agency_in_the_admin(admin_client, agency):
    url = reverse("admin:appointments_agency_change", args=[agency.pk])
    page = admin_client.get(url).content.decode()
    assert "Orden de llegada" in page and "Sorteo" in page
