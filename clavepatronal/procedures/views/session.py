"""What a browser's session keeps for the ventanilla: the drafts it may open (one
per tab, named in the URL; the registration whose data a draft may see, only after
the mailed signed link, is in the draft) and the trámites it filed."""

from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.catalogue.constants import CLAVE_PATRONAL_CODE
from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.core.sessions import session_list_add
from clavepatronal.employers.constants import RegistrationStatus
from clavepatronal.employers.models import Registration
from clavepatronal.employers.selectors import registration_get
from clavepatronal.identity.validators import identification_compact

from ..constants import DRAFTS_PER_SESSION, DRAFTS_SESSION_KEY
from ..forms import ApplicantForm
from ..models import TramiteDraft
from ..selectors import tramite_by_form_token
from ..services import tramite_draft_create

REVEALED = "registro_visible"  # in a draft's state: the registration it may show
OWNED_KEY = "tramites_propios"


def clave_patronal_pk():
    return (
        ProcedureType.objects.filter(code=CLAVE_PATRONAL_CODE)
        .values_list("pk", flat=True)
        .first()
    )


def draft_bind(request: HttpRequest, draft: TramiteDraft) -> None:
    """This session may open the draft from now on."""
    session_list_add(
        request.session, DRAFTS_SESSION_KEY, draft.key, keep=DRAFTS_PER_SESSION
    )


def with_draft(view):
    """The view gets the draft its URL names. A key this session was never given
    is not found (keys cannot be probed); a sent draft leads to its trámite (the
    back button, a reload); an expired one starts over."""

    @wraps(view)
    def wrapped(request: HttpRequest, key: str, **kwargs) -> HttpResponse:
        if key not in request.session.get(DRAFTS_SESSION_KEY, []):
            raise Http404
        draft = TramiteDraft.objects.filter(
            key=key, expires_at__gt=timezone.now()
        ).first()
        if draft is not None:
            return view(request, draft, **kwargs)
        sent = tramite_by_form_token(form_token=key)
        if sent is not None:
            grant(request, sent.number)
            return redirect("procedures:confirmation", number=sent.number)
        messages.info(
            request,
            _(
                "Ese trámite en curso ya no está disponible: venció por falta de "
                "uso. Empiece de nuevo; no se guardó ningún trámite."
            ),
        )
        return redirect("procedures:applicant")

    return wrapped


def draft_form(draft: TramiteDraft) -> ApplicantForm | None:
    """The first page's answers, validated again (a registration may have changed)."""
    answers = {key: value for key, value in draft.state.items() if key != REVEALED}
    if not answers:
        return None
    form = ApplicantForm(answers)
    return form if form.is_valid() else None


def draft_from_registration(request: HttpRequest, registration: Registration):
    """A new draft pre-filled from the registration (the signed link proved the
    mailbox), which may show the registration's data."""
    draft = tramite_draft_create(
        state={
            "id_type": registration.rep_id_type,
            "id_number": registration.rep_identification,
            "names": registration.rep_names,
            "email": registration.email,
            "mobile": registration.rep_mobile,
            "employer": registration.employer_identification,
            "province": registration.province_id,
            "procedure_type": clave_patronal_pk(),
            "message": "",
            REVEALED: registration.number,
        },
    )
    draft_bind(request, draft)
    return draft


def revealed(draft: TramiteDraft | None, employer: str) -> Registration | None:
    """The employer's registration, when this draft came through its mailed signed
    link and still asks for that employer; None for anyone who only typed the
    numbers."""
    number = draft.state.get(REVEALED) if draft else None
    registration = registration_get(number=number) if number else None
    if (
        registration is None
        or registration.status != RegistrationStatus.ACTIVO
        or registration.employer_identification
        != identification_compact(str(employer or ""))
    ):
        return None
    return registration


def grant(request: HttpRequest, number: str) -> None:
    session_list_add(request.session, OWNED_KEY, number, keep=20)


def owns(request: HttpRequest, number: str) -> bool:
    return number in request.session.get(OWNED_KEY, [])
