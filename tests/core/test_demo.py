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
    assert len(before) == 5  # four staff (one per role, two agencies), one employer


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
