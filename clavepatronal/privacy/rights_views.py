"""«Ejercer mis derechos»: the public form, the e-mailed code that proves the
address, and the receipt. An employer signed in to the portal files without a
code. Nothing here looks up the identification, so the answer is the same
whether or not the system knows it."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from clavepatronal.core.constants import GET_POST
from clavepatronal.core.errors import too_many_requests
from clavepatronal.core.ratelimits import ip_and_identification_limited
from clavepatronal.employers.selectors import account_get
from clavepatronal.notifications.forms import VerificationCodeForm
from clavepatronal.notifications.services import (
    VerificationError,
    email_verification_confirm,
)

from .forms import PortalRightsRequestForm, RightsRequestForm
from .models import IdentityProof, RightsRequest
from .services.rights import rights_request_file, rights_verification_start

STATE_KEY = "privacy_rights"
DONE_KEY = "privacy_rights_done"


def _limited(request: HttpRequest, *, group: str, identification: str) -> bool:
    return ip_and_identification_limited(
        request,
        group=f"derechos-{group}",
        identification=identification,
        rate_per_ip=settings.PRIVACY_RIGHTS_RATE_PER_IP,
        rate_per_identification=settings.PRIVACY_RIGHTS_RATE_PER_IDENTIFICATION,
        rate_per_network=settings.PRIVACY_RIGHTS_RATE_PER_NETWORK,
    )


def _file(state: dict, *, proof: str, actor=None) -> RightsRequest:
    return rights_request_file(
        right=state["right"],
        id_type=state["id_type"],
        identification=state["id_number"],
        names=state["names"],
        email=state["email"],
        description=state["description"],
        employer_identification=state.get("employer_ruc", ""),
        proof=proof,
        actor=actor,
    )


def _done(request: HttpRequest, filed: RightsRequest) -> HttpResponse:
    request.session.pop(STATE_KEY, None)
    request.session[DONE_KEY] = filed.number
    return redirect("privacy:rights_done")


@never_cache
@require_http_methods(GET_POST)
def rights(request: HttpRequest) -> HttpResponse:
    account = account_get(user=request.user)
    form_class = PortalRightsRequestForm if account else RightsRequestForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if _limited(request, group="code", identification=data["id_number"]):
            return too_many_requests(request, None)
        if account is not None:
            data.update(email=account.user.email, employer_ruc=account.identification)
            return _done(
                request, _file(data, proof=IdentityProof.PORTAL, actor=request.user)
            )
        try:
            verification = rights_verification_start(
                identification=data["id_number"], email=data["email"]
            )
        except VerificationError as error:
            form.add_error(None, error.message)
        else:
            request.session[STATE_KEY] = {**data, "verification_id": verification.pk}
            return redirect("privacy:rights_verify")
    return render(
        request,
        "privacy/derechos.html",
        {
            "form": form,
            "account": account,
            "deadline_days": settings.PRIVACY_RIGHTS_DEADLINE_WORKING_DAYS,
        },
    )


@never_cache
@require_http_methods(GET_POST)
def rights_verify(request: HttpRequest) -> HttpResponse:
    state = request.session.get(STATE_KEY)
    if not state:
        return redirect("privacy:rights")
    form = VerificationCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _limited(request, group="verify", identification=state["id_number"]):
            return too_many_requests(request, None)
        try:
            email_verification_confirm(
                verification_id=state["verification_id"],
                code=form.cleaned_data["code"],
            )
        except VerificationError as error:
            form.add_error("code", error.message)
        else:
            return _done(request, _file(state, proof=IdentityProof.CODIGO_CORREO))
    return render(
        request,
        "privacy/derechos_verificar.html",
        {
            "form": form,
            "email": state["email"],
            "minutes": settings.VERIFICATION_CODE_MINUTES,
        },
    )


@never_cache
@require_POST
def rights_resend(request: HttpRequest) -> HttpResponse:
    state = request.session.get(STATE_KEY)
    if not state:
        return redirect("privacy:rights")
    if _limited(request, group="code", identification=state["id_number"]):
        return too_many_requests(request, None)
    try:
        verification = rights_verification_start(
            identification=state["id_number"], email=state["email"]
        )
    except VerificationError as error:
        messages.error(request, error.message)
    else:
        request.session[STATE_KEY] = {**state, "verification_id": verification.pk}
        messages.success(
            request, _("Le enviamos un código nuevo. El anterior ya no sirve.")
        )
    return redirect("privacy:rights_verify")


@never_cache
@require_http_methods(["GET", "HEAD"])
def rights_done(request: HttpRequest) -> HttpResponse:
    number = request.session.get(DONE_KEY)
    filed = RightsRequest.objects.filter(number=number).first() if number else None
    if filed is None:
        return redirect("privacy:rights")
    return render(request, "privacy/derechos_recibida.html", {"filed": filed})
