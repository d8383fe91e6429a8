from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .exceptions import ApplicationError


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str


# Known demo passwords are fine only because demo data never reaches production
# (DEMO_DATA_ALLOWED is False there and the service refuses to run).
DEMO_STAFF = [
    DemoLogin(
        username="admin",
        password="Demo-Admin-2026",
        role="Administrador (superusuario)",
    ),
]


@transaction.atomic
def demo_data_load() -> list[DemoLogin]:
    """Create the demo staff accounts that are missing; never touch existing ones."""
    if not settings.DEMO_DATA_ALLOWED:
        raise ApplicationError(
            _("Los datos de demostración no se pueden cargar en este entorno.")
        )
    User = get_user_model()
    for login in DEMO_STAFF:
        user, created = User.objects.get_or_create(
            username=login.username,
            defaults={"is_staff": True, "is_superuser": True},
        )
        if created:
            user.set_password(login.password)
            user.full_clean()
            user.save(update_fields=["password"])
    return DEMO_STAFF
