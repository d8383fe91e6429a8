import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def snapshot():
    User = get_user_model()
    return list(
        User.objects.order_by("pk").values_list(
            "pk", "username", "password", "is_staff", "is_superuser", "date_joined"
        )
    )


def test_demo_data_creates_the_staff_login_and_prints_it(capsys):
    call_command("cargar_demo")
    out = capsys.readouterr().out
    assert "usuario «admin», clave «Demo-Admin-2026»" in out
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    assert admin.check_password("Demo-Admin-2026")


def test_demo_data_creates_an_employer_with_its_clave_and_prints_it(capsys):
    from clavepatronal.employers.models import EmployerAccount

    call_command("cargar_demo")
    out = capsys.readouterr().out
    assert "usuario «1790011674001», clave «Demo-Portal-2026»" in out
    assert "/empleador/ingresar/" in out
    account = EmployerAccount.objects.get()
    assert not account.user.is_staff
    assert account.user.check_password("Demo-Portal-2026")
    assert account.activated_at is not None


def test_loading_demo_data_twice_changes_nothing(capsys):
    call_command("cargar_demo")
    before = snapshot()
    call_command("cargar_demo")
    assert snapshot() == before
    assert len(before) == 6  # five staff (one per role, two agencies), one employer


def test_demo_data_never_overwrites_a_changed_password():
    call_command("cargar_demo")
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("una-clave-propia-larga")
    admin.save()
    call_command("cargar_demo")
    admin.refresh_from_db()
    assert admin.check_password("una-clave-propia-larga")


def test_demo_data_is_refused_where_it_is_not_allowed(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="no se pueden cargar en este entorno"):
        call_command("cargar_demo")
    assert not get_user_model().objects.exists()


def test_migrations_create_no_user_accounts():
    assert not get_user_model().objects.exists()


def test_the_demo_shows_a_draw_run_and_published_and_a_day_taking_applications(
    capsys, client
):
    """Issue 30 (9): Guayaquil in sorteo, an earlier day drawn (it verifies) and a
    day whose applications are open; loading again changes nothing."""
    from django.utils import timezone

    from clavepatronal.appointments.constants import ApplicationStatus, DrawStatus
    from clavepatronal.appointments.models import Draw
    from clavepatronal.appointments.selectors.draws import draw_verify

    call_command("cargar_demo")
    out = capsys.readouterr().out
    done = Draw.objects.get(status=DrawStatus.REALIZADO)
    opened = Draw.objects.get(status=DrawStatus.ABIERTO)
    assert done.agency == opened.agency and done.agency.allocation_mode == "SORTEO"
    assert done.agency.name == "Centro de Atención Universal Guayaquil"
    assert draw_verify(done).ok
    assert 0 < done.winners < done.applications  # some carry over
    assert done.day < opened.day
    assert opened.opens_at < timezone.now() < opened.closes_at
    losers = done.agency.applications.filter(status=ApplicationStatus.PENDIENTE)
    assert losers.count() == done.applications - done.winners
    assert f"/turnos/sorteos/{done.agency.pk}/{done.day.isoformat()}/" in out
    assert "/turnos/sorteos/" in out
    page = client.get("/turnos/sorteos/").content.decode()
    assert "Centro de Atención Universal Guayaquil" in page and "realizado" in page
    call_command("cargar_demo")
    assert Draw.objects.count() == 2


def test_the_demo_prints_the_sri_representative_and_the_addresses_last(capsys):
    call_command("cargar_demo")
    out = capsys.readouterr().out
    assert "cualquier RUC válido" in out and "0926687856" in out
    last = out.strip().splitlines()[-1]
    assert last.startswith("  Administración: http://127.0.0.1:")
