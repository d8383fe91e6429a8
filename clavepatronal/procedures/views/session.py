"""What a browser's session keeps for the ventanilla: the first page's answers,
the registration whose data it may see (only after the mailed signed link), the
forms it was given and the trámites it filed."""

import secrets

from django.http import HttpRequest

from clavepatronal.catalogue.constants import CLAVE_PATRONAL_CODE
from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.core.sessions import session_list_add, session_list_remove
from clavepatronal.employers.constants import RegistrationStatus
from clavepatronal.employers.models import Registration
from clavepatronal.employers.selectors import registration_get
from clavepatronal.identity.validators import identification_compact

from ..forms import ApplicantForm

DRAFT_KEY = "ventanilla_borrador"
REVEALED_KEY = "ventanilla_registro_visible"
TOKENS_KEY = "ventanilla_formularios"
OWNED_KEY = "tramites_propios"
MAX_OPEN_FORMS = 5


def clave_patronal_pk():
    return (
        ProcedureType.objects.filter(code=CLAVE_PATRONAL_CODE)
        .values_list("pk", flat=True)
        .first()
    )


def draft_initial(request: HttpRequest) -> dict:
    return request.session.get(DRAFT_KEY) or {"procedure_type": clave_patronal_pk()}


def draft_save(request: HttpRequest, data: dict) -> None:
    request.session[DRAFT_KEY] = data


def draft_form(request: HttpRequest) -> ApplicantForm | None:
    """The first page's answers, validated again (a registration may have changed)."""
    data = request.session.get(DRAFT_KEY)
    if not data:
        return None
    form = ApplicantForm(data)
    return form if form.is_valid() else None


def draft_clear(request: HttpRequest) -> None:
    request.session.pop(DRAFT_KEY, None)


def draft_from_registration(request: HttpRequest, registration: Registration) -> None:
    """Pre-fill from the registration (the signed link proved the mailbox)."""
    draft_save(
        request,
        {
            "id_type": registration.rep_id_type,
            "id_number": registration.rep_identification,
            "names": registration.rep_names,
            "email": registration.email,
            "mobile": registration.rep_mobile,
            "employer": registration.employer_identification,
            "province": registration.province_id,
            "procedure_type": clave_patronal_pk(),
            "message": "",
        },
    )
    request.session[REVEALED_KEY] = registration.number


def revealed(request: HttpRequest, employer: str) -> Registration | None:
    """The employer's registration, when this browser came through its mailed
    signed link and still asks for that employer; None for anyone who only typed
    the numbers."""
    number = request.session.get(REVEALED_KEY)
    registration = registration_get(number=number) if number else None
    if (
        registration is None
        or registration.status != RegistrationStatus.ACTIVO
        or registration.employer_identification
        != identification_compact(str(employer or ""))
    ):
        return None
    return registration


def token_new(request: HttpRequest) -> str:
    token = secrets.token_urlsafe(32)
    session_list_add(request.session, TOKENS_KEY, token, keep=MAX_OPEN_FORMS)
    return token


def token_issued(request: HttpRequest, token: str) -> bool:
    return token in request.session.get(TOKENS_KEY, [])


def token_spent(request: HttpRequest, token: str) -> None:
    session_list_remove(request.session, TOKENS_KEY, token)


def grant(request: HttpRequest, number: str) -> None:
    session_list_add(request.session, OWNED_KEY, number, keep=20)


def owns(request: HttpRequest, number: str) -> bool:
    return number in request.session.get(OWNED_KEY, [])
