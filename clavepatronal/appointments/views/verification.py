"""Steps a–e: the entry page, the identification, the e-mail code."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from clavepatronal.catalogue.constants import CLAVE_PATRONAL_CODE, Channel
from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.catalogue.selectors import requirement_list
from clavepatronal.core.constants import GET_POST
from clavepatronal.core.errors import too_many_requests
from clavepatronal.identity.constants import IdentificationType
from clavepatronal.notifications.forms import VerificationCodeForm
from clavepatronal.notifications.services import (
    VerificationError,
    email_verification_confirm,
)

from ..forms import (
    ContactForm,
    IdentificationForm,
)
from ..selectors import (
    release_next,
)
from ..services import (
    turn_verification_start,
)
from .common import rate_limited, state_get, state_save, step_requires

# --- a: the entry page


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    """Turnos para atención al ciudadano: the steps and what to bring in person."""
    procedure_type = get_object_or_404(ProcedureType, code=CLAVE_PATRONAL_CODE)
    requirements = requirement_list(
        procedure_type=procedure_type, channel=Channel.PRESENCIAL
    )
    return render(
        request,
        "appointments/start.html",
        {
            "procedure_type": procedure_type,
            "requirements": requirements,
            "release": release_next(now=timezone.now()),
            "days_ahead": settings.TURNOS_DAYS_AHEAD,
            "lead_minutes": settings.TURNOS_LEAD_MINUTES,
        },
    )


# --- b: identification


@never_cache
@require_http_methods(GET_POST)
def identification(request: HttpRequest) -> HttpResponse:
    state = state_get(request)
    form = IdentificationForm(
        request.POST or None,
        initial={
            "identification_type": state.get(
                "identification_type", IdentificationType.CEDULA
            ),
            "identification": state.get("identification", ""),
        },
    )
    if request.method == "POST" and form.is_valid():
        # A new identification starts the journey over: nothing verified carries.
        state_save(request, dict(form.cleaned_data))
        return redirect("appointments:contact")
    return render(request, "appointments/identification.html", {"form": form})


# --- c and d: e-mail and mobile, code mailed


@never_cache
@require_http_methods(GET_POST)
@step_requires("identification")
def contact(request: HttpRequest, state: dict) -> HttpResponse:
    form = ContactForm(
        request.POST or None,
        initial={"email": state.get("email", ""), "mobile": state.get("mobile", "")},
    )
    if request.method == "POST" and form.is_valid():
        if rate_limited(request, group="code", identification=state["identification"]):
            return too_many_requests(request, None)
        try:
            verification = turn_verification_start(
                identification=state["identification"],
                email=form.cleaned_data["email"],
            )
        except VerificationError as error:
            form.add_error(None, error.message)
        else:
            state.update(
                email=verification.email,
                mobile=form.cleaned_data["mobile"],
                verification_id=verification.pk,
                verified=False,
            )
            for key in ("agency_id", "procedure_type_id", "starts_at", "employer_ok"):
                state.pop(key, None)
            state_save(request, state)
            return redirect("appointments:verify")
    return render(request, "appointments/contact.html", {"form": form})


# --- e: the code


@never_cache
@require_http_methods(GET_POST)
@step_requires("verification_id")
def verify(request: HttpRequest, state: dict) -> HttpResponse:
    form = VerificationCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if rate_limited(
            request, group="verify", identification=state["identification"]
        ):
            return too_many_requests(request, None)
        try:
            email_verification_confirm(
                verification_id=state["verification_id"],
                code=form.cleaned_data["code"],
            )
        except VerificationError as error:
            form.add_error("code", error.message)
        else:
            state["verified"] = True
            state_save(request, state)
            return redirect("appointments:agency")
    return render(
        request,
        "appointments/verify.html",
        {
            "form": form,
            "email": state["email"],
            "minutes": settings.VERIFICATION_CODE_MINUTES,
        },
    )


@never_cache
@require_POST
@step_requires("verification_id")
def resend(request: HttpRequest, state: dict) -> HttpResponse:
    if rate_limited(request, group="code", identification=state["identification"]):
        return too_many_requests(request, None)
    try:
        verification = turn_verification_start(
            identification=state["identification"], email=state["email"]
        )
    except VerificationError as error:
        messages.error(request, error.message)
    else:
        state.update(verification_id=verification.pk, verified=False)
        state_save(request, state)
        messages.success(
            request,
            _("Le enviamos un código nuevo. El anterior ya no sirve."),
        )
    return redirect("appointments:verify")
