"""Demo staff: one account per role, with known passwords and TOTP secrets, for
local trials only (DEMO_DATA_ALLOWED is False in production)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from clavepatronal.appointments.models import Agency
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.core.services import DemoLogin
from clavepatronal.identity.models import Province

from ..constants import Role
from ..models import StaffProfile
from .staff import device_secret_display, staff_create, staff_device, staff_roles_sync

# (username, password, names, role, agency city, province code)
DEMO_STAFF = [
    ("admin", "Demo-Admin-2026", ("Ana", "Villacís"), Role.ADMINISTRADOR, None, None),
    (
        "servidor.quito",
        "Demo-Servidor-2026",
        ("Pedro", "Salazar"),
        Role.SERVIDOR,
        "Quito",
        None,
    ),
    (
        "servidor.guayaquil",
        "Demo-Servidor-2026",
        ("María", "Cedeño"),
        Role.SERVIDOR,
        "Guayaquil",
        None,
    ),
    (
        "delegado.pichincha",
        "Demo-Delegado-2026",
        ("Rosa", "Andrade"),
        Role.DELEGADO,
        None,
        "17",
    ),
    (
        "telefono",
        "Demo-Telefono-2026",
        ("Lucía", "Paredes"),
        Role.TELEFONO,
        None,
        None,
    ),
]
# The officers' own (fictitious) cédulas: they book turnos asistidos, never for
# themselves, and without one they book none.
DEMO_IDENTIFICATIONS = {
    "servidor.quito": "1708001233",
    "servidor.guayaquil": "0907004568",
    "telefono": "1719007898",
}


@transaction.atomic
def demo_staff_load() -> list[DemoLogin]:
    """Create the missing demo staff; never change existing ones (nor secrets),
    but give an officer the cédula it lacks (_identification_fill)."""
    if not settings.DEMO_DATA_ALLOWED:
        raise ApplicationError(
            _("Los datos de demostración no se pueden cargar en este entorno.")
        )
    staff_roles_sync()
    logins = []
    User = get_user_model()
    for username, password, (first, last), role, city, province in DEMO_STAFF:
        user = User.objects.filter(username=username).first()
        if user is None:
            agency = (
                Agency.objects.get(name=f"Centro de Atención Universal {city}")
                if city
                else None
            )
            user = staff_create(
                username=username,
                password=password,
                first_name=first,
                last_name=last,
                email=f"{username}@iess.demo",
                role=role,
                agency=agency,
                province=Province.objects.get(code=province) if province else None,
                identification=DEMO_IDENTIFICATIONS.get(username, ""),
            ).user
            if role == Role.ADMINISTRADOR:
                user.is_superuser = True  # support staff also use the Django admin
                user.save(update_fields=["is_superuser"])
        _identification_fill(user, DEMO_IDENTIFICATIONS.get(username, ""))
        device = staff_device(user=user)
        label = role.label
        if city:
            label = f"{label}, agencia {city}"
        elif province:
            label = f"{label}, provincia {province}"
        elif role == Role.TELEFONO:
            label = f"{label}, todas las agencias"
        logins.append(
            DemoLogin(
                username=username,
                password=password,
                role=str(label),
                totp_secret=device_secret_display(device) if device else "",
            )
        )
    return logins


def _identification_fill(user, identification: str) -> None:
    """An officer created by an earlier demo, before officers had a cédula, gets
    theirs once (nothing else of an existing account changes)."""
    if identification:
        StaffProfile.objects.filter(user=user, identification="").update(
            identification=identification
        )
