import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from clavepatronal.audit.context import AuditContextMiddleware
from clavepatronal.audit.models import AuditEvent
from clavepatronal.audit.services import audit_event_record
from clavepatronal.backoffice.constants import Role
from clavepatronal.backoffice.selectors.audit import audit_action_labels
from clavepatronal.procedures.constants import TramiteStatus
from tests.appointments.conftest import local
from tests.appointments.factories import TurnFactory
from tests.procedures.factories import TramiteFactory
from tests.staff import verified_login

from .accounts import admin_client, employer_user, staff_user

pytestmark = pytest.mark.django_db

URL = reverse("backoffice:audit")
GYE = ZoneInfo("America/Guayaquil")


def record(*, when=None, ip=None, **kwargs) -> AuditEvent:
    """An event as a service records it; `when` fixes its time, `ip` its origin."""

    def run(request):
        if when is None:
            return HttpResponse(audit_event_record(**kwargs).pk)
        with mock.patch("django.utils.timezone.now", return_value=when):
            return HttpResponse(audit_event_record(**kwargs).pk)

    request = RequestFactory().get("/", REMOTE_ADDR=ip)
    response = AuditContextMiddleware(run)(request)
    return AuditEvent.objects.get(pk=int(response.content))


def shown(response) -> set[int]:
    assert response.status_code == 200
    return {row.event.pk for row in response.context["rows"]}


def test_anonymous_visitors_go_to_the_staff_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("backoffice:login"))


def test_an_employer_session_is_refused(client, django_user_model):
    client.force_login(employer_user(django_user_model))
    assert client.get(URL).status_code == 403


def test_staff_without_the_second_factor_go_to_the_staff_login(client):
    client.force_login(staff_user(Role.ADMINISTRADOR))
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("backoffice:login"))


@pytest.mark.parametrize("role", [Role.SERVIDOR, Role.DELEGADO])
def test_servidor_and_delegado_are_refused(client, role):
    verified_login(client, staff_user(role))
    assert client.get(URL).status_code == 403


def test_an_administrator_opens_the_page_from_the_nav(client):
    admin_client(client)
    response = client.get(URL)
    assert response.status_code == 200
    assert f'href="{URL}"' in response.text
    assert f'href="{reverse("backoffice:reports")}"' in response.text


def test_the_page_never_offers_edit_or_delete(client):
    record(action="tramite.recibido", actor_label="0926687856")
    admin_client(client)
    page = client.get(URL).text
    # The only form that posts is the nav's logout.
    assert page.count('method="post"') == 1
    assert reverse("backoffice:logout") in page
    for word in ("Eliminar", "Editar", "Borrar", "Modificar"):
        assert word not in page
    assert client.post(URL).status_code == 405


def test_results_are_newest_first_fifty_per_page(client):
    events = [record(action="turno.reservado", actor_label=f"p{i}") for i in range(51)]
    admin_client(client)
    first = client.get(URL, {"accion": "turno.reservado"})
    rows = [row.event.pk for row in first.context["rows"]]
    assert len(rows) == 50
    assert rows[0] == events[-1].pk
    second = client.get(URL, {"accion": "turno.reservado", "pagina": 2})
    assert [row.event.pk for row in second.context["rows"]] == [events[0].pk]
    assert "accion=turno.reservado&amp;pagina=1" in second.text


def test_dates_filter_by_local_day_in_guayaquil(client):
    # 23:30 in Guayaquil is already the next day in UTC.
    late = record(
        action="tramite.recibido",
        when=datetime.datetime(2026, 11, 10, 23, 30, tzinfo=GYE),
    )
    early = record(
        action="tramite.recibido",
        when=datetime.datetime(2026, 11, 11, 0, 30, tzinfo=GYE),
    )
    later = record(
        action="tramite.recibido",
        when=datetime.datetime(2026, 11, 12, 8, 0, tzinfo=GYE),
    )
    admin_client(client)
    one_day = shown(client.get(URL, {"desde": "2026-11-11", "hasta": "2026-11-11"}))
    assert early.pk in one_day
    assert late.pk not in one_day and later.pk not in one_day
    since = shown(client.get(URL, {"desde": "2026-11-11"}))
    assert {early.pk, later.pk} <= since and late.pk not in since
    until = shown(client.get(URL, {"hasta": "10/11/2026"}))
    assert late.pk in until and early.pk not in until


def test_action_filters_exactly_or_by_prefix(client):
    received = record(action="tramite.recibido")
    approved = record(action="tramite.aprobado")
    booked = record(action="turno.reservado")
    admin_client(client)
    exact = shown(client.get(URL, {"accion": "tramite.recibido"}))
    assert approved.pk not in exact and booked.pk not in exact
    prefix = shown(client.get(URL, {"accion": "tramite."}))
    assert {received.pk, approved.pk} <= prefix and booked.pk not in prefix


def test_actor_filter_matches_username_or_actor_label(client):
    officer = staff_user(Role.SERVIDOR, username="mlopez")
    by_officer = record(action="turno.llegada", actor=officer)
    by_citizen = record(action="registro.creado", actor_label="ciudadano 0926687856")
    by_system = record(action="documento.generado", actor_label="sistema")
    admin_client(client)
    username = shown(client.get(URL, {"actor": "LOPEZ"}))
    assert by_officer.pk in username
    assert by_citizen.pk not in username and by_system.pk not in username
    label = shown(client.get(URL, {"actor": "0926687"}))
    assert by_citizen.pk in label and by_officer.pk not in label


def test_object_filter_matches_target_id_and_tramite_number(client):
    officer = staff_user(Role.SERVIDOR)
    on_user = record(action="personal.ingreso", actor=officer, target=officer)
    numbered = record(action="adjunto.visto", data={"number": "VV-2026-000042"})
    other = record(action="adjunto.visto", data={"number": "VV-2026-000043"})
    admin_client(client)
    by_id = shown(client.get(URL, {"objeto": str(officer.pk)}))
    assert on_user.pk in by_id and numbered.pk not in by_id
    by_number = shown(client.get(URL, {"objeto": "VV-2026-000042"}))
    assert numbered.pk in by_number
    assert other.pk not in by_number and on_user.pk not in by_number
    # Digits too long for an id, or digits of another script, find nothing.
    for typed in ("9" * 40, "١٢"):
        assert shown(client.get(URL, {"objeto": typed})) == set()


def test_object_filter_finds_a_turn_by_its_code_and_a_tramite_by_its_number(client):
    turn = TurnFactory(starts_at=local(2026, 12, 7, 9, 0))
    booked = record(action="turno.reservado", target=turn, data={"agency": 1})
    arrived = record(action="turno.llegada", data={"code": turn.code})
    tramite = TramiteFactory(created=local(2026, 11, 2, 9, 0))
    received = record(action="tramite.recibido", target=tramite)
    unrelated = record(action="turno.reservado", data={"agency": 1})
    admin_client(client)
    typed = turn.code_display.lower()  # as read from paper: grouped, any case
    by_code = shown(client.get(URL, {"objeto": typed}))
    assert {booked.pk, arrived.pk} <= by_code
    assert unrelated.pk not in by_code and received.pk not in by_code
    by_number = shown(client.get(URL, {"objeto": tramite.number}))
    assert received.pk in by_number and booked.pk not in by_number


def test_role_filter_separates_roles_and_accounts(client):
    officer = staff_user(Role.SERVIDOR)
    admin = staff_user(Role.ADMINISTRADOR)
    by_officer = record(action="turno.llegada", actor=officer)
    by_admin = record(action="personal.ingreso", actor=admin)
    by_nobody = record(action="registro.creado", actor_label="ciudadano 1")
    admin_client(client)
    officers = shown(client.get(URL, {"rol": Role.SERVIDOR.value}))
    assert by_officer.pk in officers
    assert by_admin.pk not in officers and by_nobody.pk not in officers
    nobody = shown(client.get(URL, {"rol": "ninguno"}))
    assert by_nobody.pk in nobody and by_officer.pk not in nobody


def test_ip_filter_matches_the_address_the_event_came_from(client):
    here = record(action="cuenta.ingreso", ip="190.152.10.7")
    there = record(action="cuenta.ingreso", ip="2800:370::1")
    admin_client(client)
    found = shown(client.get(URL, {"ip": "190.152.10.7"}))
    assert here.pk in found and there.pk not in found
    assert there.pk in shown(client.get(URL, {"ip": "2800:370::1"}))


def test_rows_show_the_action_label_the_role_and_readable_details(client):
    officer = staff_user(Role.SERVIDOR, username="jperez")
    record(
        action="tramite.observado",
        actor=officer,
        actor_label="jperez",
        ip="10.0.0.9",
        data={"number": "VV-2026-000077", "note": "Falta la firma <b>"},
    )
    admin_client(client)
    page = client.get(URL, {"objeto": "VV-2026-000077"}).text
    assert "Trámite observado" in page
    assert "tramite.observado" in page
    assert "Servidor de atención" in page
    assert "10.0.0.9" in page
    assert "<dt>Número</dt><dd>VV-2026-000077</dd>" in page
    assert "Falta la firma &lt;b&gt;" in page


def test_every_recorded_tramite_action_has_a_label():
    labels = audit_action_labels()
    for status in TramiteStatus:
        assert f"tramite.{str(status).lower()}" in labels
    assert labels["adjunto.visto"] == "Adjunto visto"
    assert labels["turno.reservado"] == "Turno reservado"
    assert labels["clave.emitida"] == "Clave emitida"
    assert labels["personal.ingreso"] == "Ingreso del personal"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"desde": "31/02/2026"}, "Escriba una fecha válida"),
        ({"hasta": "ayer"}, "Escriba una fecha válida"),
        ({"desde": "9999-12-31"}, "entre los años 2000 y 2100"),
        ({"desde": "2026-11-12", "hasta": "2026-11-11"}, "es posterior"),
        ({"ip": "999.1.1.1"}, "dirección IPv4 o IPv6 válida"),
        ({"rol": "Jefe"}, "Escoja una opción válida"),
        ({"objeto": "VV\x00"}, "caracteres nulos no están permitidos"),
    ],
)
def test_bad_filters_get_a_spanish_error_not_a_server_error(client, query, message):
    admin_client(client)
    response = client.get(URL, query)
    assert response.status_code == 400
    assert message in response.text
    assert "Hay un problema" in response.text


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999999", "１"])
def test_a_bad_page_number_shows_the_first_or_last_page(client, page):
    events = [record(action="turno.reservado", actor_label=f"p{i}") for i in range(51)]
    admin_client(client)
    response = client.get(URL, {"accion": "turno.reservado", "pagina": page})
    assert response.status_code == 200
    rows = [row.event.pk for row in response.context["rows"]]
    # Django's get_page: not a number gives the first page, out of range the last.
    if page in ("0", "-1", "999999"):
        assert rows == [events[0].pk]
        assert "Página 2 de 2" in response.text
    else:
        assert rows[0] == events[-1].pk and len(rows) == 50
        assert "Página 1 de 2" in response.text
