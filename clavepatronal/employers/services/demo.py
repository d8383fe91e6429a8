"""A demo employer for `make run`: registered, its key delivered and activated, so
the portal del empleador can be tried at once (cargar_demo)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.core.services import DemoLogin
from clavepatronal.identity.constants import IdentificationType
from clavepatronal.identity.models import Province
from clavepatronal.identity.validators import validate_phone

from ..constants import RecipientRole, Sector
from .activation import clave_set_by_activation
from .keys import clave_issue_at_desk
from .registration import RegistrationData, registration_create

DEMO_EMPLOYER = DemoLogin(
    username="1790011674001",
    password="Demo-Portal-2026",
    role="Empleador (portal del empleador, /empleador/ingresar/)",
)
_REP_CEDULA = "0926687856"
_REP_NAMES = "María José Vera Loor"


def demo_employer_load() -> DemoLogin:
    """Create the demo employer once; never touch it again (nor its clave)."""
    if not settings.DEMO_DATA_ALLOWED:
        raise ApplicationError(
            _("Los datos de demostración no se pueden cargar en este entorno.")
        )
    if get_user_model().objects.filter(username=DEMO_EMPLOYER.username).exists():
        return DEMO_EMPLOYER
    registration = registration_create(
        data=RegistrationData(
            sector=Sector.PRIVADO,
            employer_identification=DEMO_EMPLOYER.username,
            business_name="Comercial Andina S.A.",
            main_activity="Venta al por mayor de alimentos",
            province=Province.objects.get(code="17"),
            canton="Quito",
            address="Av. 10 de Agosto N24-12 y Luis Cordero",
            phone=validate_phone("02 254 3210"),
            email="gerencia@comercial-andina.ec",
            rep_id_type=IdentificationType.CEDULA,
            rep_identification=_REP_CEDULA,
            rep_names=_REP_NAMES,
            rep_nationality="Ecuatoriana",
            rep_email="gerencia@comercial-andina.ec",
            rep_mobile="+593991234567",
        ),
        email_verified_at=timezone.now(),
    )
    issued = clave_issue_at_desk(
        registration=registration,
        actor_label="datos de demostración",
        recipient_names=_REP_NAMES,
        recipient_id_type=IdentificationType.CEDULA,
        recipient_identification=_REP_CEDULA,
        recipient_role=RecipientRole.REPRESENTANTE_LEGAL,
    )
    clave_set_by_activation(
        activation_id=issued.activation.pk, password=DEMO_EMPLOYER.password
    )
    return DEMO_EMPLOYER
