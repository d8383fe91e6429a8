"""Who reaches what: every back-office URL, for every kind of visitor."""

import pytest
from django.test import Client
from django.urls import reverse

from clavepatronal.audit.models import AuditEvent

from .conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(tramite_pichincha, turn_quito, power_pichincha):
    return {
        "number": tramite_pichincha.number,
        "attachment": tramite_pichincha.attachments.get().pk,
        "code": turn_quito.code,
        "power": power_pichincha.pk,
    }


def every_url(o) -> list[tuple[str, str]]:
    """(method, path) of every back-office page and action except the login."""
    n, code, power = o["number"], o["code"], o["power"]
    return [
        ("get", reverse("backoffice:home")),
        ("get", reverse("backoffice:queue")),
        ("get", reverse("backoffice:tramite", args=[n])),
        ("post", reverse("backoffice:take", args=[n])),
        ("post", reverse("backoffice:observe", args=[n])),
        ("post", reverse("backoffice:reject", args=[n])),
        ("post", reverse("backoffice:approve", args=[n])),
        ("get", reverse("backoffice:attachment", args=[n, o["attachment"]])),
        ("get", reverse("backoffice:desk")),
        ("get", reverse("backoffice:turn", args=[code])),
        ("post", reverse("backoffice:arrival", args=[code])),
        ("post", reverse("backoffice:no_show", args=[code])),
        ("post", reverse("backoffice:desk_employer", args=[code])),
        ("post", reverse("backoffice:desk_power", args=[code])),
        ("post", reverse("backoffice:desk_issue", args=[code])),
        ("get", reverse("backoffice:powers")),
        ("get", reverse("backoffice:power", args=[power])),
        ("post", reverse("backoffice:power_stamp", args=[power])),
        ("post", reverse("backoffice:power_reject", args=[power])),
    ]


def test_an_anonymous_visitor_is_sent_to_the_staff_login_everywhere(objects):
    client = Client()
    for method, path in every_url(objects):
        response = getattr(client, method)(path)
        assert response.status_code == 302, path
        assert response.url.startswith(reverse("backoffice:login")), path


def test_an_employer_never_reaches_the_back_office(
    objects, registration, issue_employer
):
    client = Client()
    client.force_login(issue_employer(registration))
    for method, path in every_url(objects):
        assert getattr(client, method)(path).status_code == 403, path


def test_staff_without_the_second_factor_cannot_act(objects, servidor):
    client = Client()
    client.force_login(servidor)  # password only: no verified TOTP device
    for method, path in every_url(objects):
        response = getattr(client, method)(path)
        if method == "post":
            assert response.status_code == 403, path
        else:
            assert response.status_code == 302, path
            assert response.url.startswith(reverse("backoffice:login"))
    assert not AuditEvent.objects.filter(action__startswith="tramite.").exists()


def test_an_officer_of_another_province_gets_404_for_its_objects(
    objects, as_servidor_gye
):
    for method, path in every_url(objects):
        if path.rstrip("/").endswith(("backoffice", "tramites", "turnos", "poderes")):
            continue  # lists: scoped, tested below
        response = getattr(as_servidor_gye, method)(path)
        assert response.status_code in (403, 404), path
        if "/poderes/" not in path:  # powers: no role, 403 first
            assert response.status_code == 404, path


def test_lists_show_only_the_officers_province(
    as_servidor_gye, tramite_pichincha, tramite_guayas, turn_quito, turn_guayaquil
):
    queue = as_servidor_gye.get(reverse("backoffice:queue")).content.decode()
    assert tramite_guayas.number in queue
    assert tramite_pichincha.number not in queue
    desk = as_servidor_gye.get(reverse("backoffice:desk")).content.decode()
    assert turn_guayaquil.code_display in desk
    assert turn_quito.code_display not in desk


def test_a_typed_code_of_another_agency_is_not_found(as_servidor_gye, turn_quito):
    response = as_servidor_gye.get(
        reverse("backoffice:desk"), {"codigo": turn_quito.code}
    )
    assert response.status_code == 200
    assert "No hay un turno con ese código en su agencia" in response.content.decode()


def test_a_delegado_of_another_province_cannot_see_or_stamp_the_power(
    power_pichincha, delegado_guayas
):
    client = client_for(delegado_guayas)
    assert (
        power_pichincha.deed_number
        not in client.get(reverse("backoffice:powers")).content.decode()
    )
    assert (
        client.get(reverse("backoffice:power", args=[power_pichincha.pk])).status_code
        == 404
    )
    response = client.post(reverse("backoffice:power_stamp", args=[power_pichincha.pk]))
    assert response.status_code == 404
    power_pichincha.refresh_from_db()
    assert power_pichincha.status == "PENDIENTE"


def test_only_a_delegado_juridico_stamps(power_pichincha, as_servidor, as_delegado):
    stamp = reverse("backoffice:power_stamp", args=[power_pichincha.pk])
    assert as_servidor.post(stamp).status_code == 403
    power_pichincha.refresh_from_db()
    assert power_pichincha.status == "PENDIENTE"
    assert as_delegado.post(stamp).status_code == 302
    power_pichincha.refresh_from_db()
    assert power_pichincha.status == "SELLADO" and power_pichincha.stamp_code


def test_roles_see_only_their_own_sections(objects, as_servidor, as_delegado):
    n, code = objects["number"], objects["code"]
    for path in [
        reverse("backoffice:queue"),
        reverse("backoffice:tramite", args=[n]),
        reverse("backoffice:desk"),
        reverse("backoffice:turn", args=[code]),
    ]:
        assert as_delegado.get(path).status_code == 403, path
    assert as_servidor.get(reverse("backoffice:powers")).status_code == 403


def test_an_administrator_reaches_every_province(
    as_admin, tramite_guayas, turn_guayaquil, power_pichincha
):
    assert (
        as_admin.get(
            reverse("backoffice:tramite", args=[tramite_guayas.number])
        ).status_code
        == 200
    )
    assert (
        as_admin.get(reverse("backoffice:turn", args=[turn_guayaquil.code])).status_code
        == 200
    )
    assert (
        as_admin.get(reverse("backoffice:power", args=[power_pichincha.pk])).status_code
        == 200
    )


def test_the_admin_site_asks_for_the_second_factor(servidor, administrador):
    client = Client()
    administrador.is_superuser = True
    administrador.save()
    client.force_login(administrador)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302  # password alone does not open the admin
    client = client_for(administrador)
    assert client.get(reverse("admin:index")).status_code == 200


def test_every_attachment_view_is_logged(as_servidor, tramite_pichincha):
    attachment = tramite_pichincha.attachments.get()
    response = as_servidor.get(
        reverse("backoffice:attachment", args=[tramite_pichincha.number, attachment.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert b"".join(response.streaming_content)  # read through: the file closes
    event = AuditEvent.objects.get(action="adjunto.visto")
    assert event.actor.username == "servidor.quito"
    assert event.actor_role == "Servidor de atención"
    assert event.ip == "127.0.0.1"
    assert event.target_id == str(attachment.pk)


def test_administrators_manage_staff_in_the_admin(as_admin, administrador, servidor):
    administrador.is_superuser = True
    administrador.save()
    page = as_admin.get(reverse("admin:core_user_change", args=[servidor.pk]))
    assert page.status_code == 200
    assert 'name="staff_profile-0-agency"' in page.content.decode()
    power_admin = reverse("admin:employers_powerofattorney_changelist")
    assert as_admin.get(power_admin).status_code == 200
