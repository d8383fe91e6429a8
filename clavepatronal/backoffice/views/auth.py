"""Staff login: password (django-axes counts failures), then the TOTP code. A
staff account sets up its authenticator only through the single-use enrolment link
mailed to it (never at login: the password alone must not enrol a second factor)."""

import io
import time

import segno
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, logout
from django.contrib.auth import login as auth_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from clavepatronal.core.constants import GET_POST
from clavepatronal.core.errors import too_many_requests
from clavepatronal.core.guessing import (
    account_failure_count,
    account_success_record,
    account_wait_message,
    account_wait_until,
)
from clavepatronal.core.lockouts import STAFF_DOOR
from clavepatronal.core.ratelimits import login_failure_count, login_failures_exhausted
from clavepatronal.core.redirects import next_url
from clavepatronal.core.sessions import signed_in_start

from ..constants import LOGIN_CODE_MINUTES, LOGIN_SESSION_KEY
from ..forms import StaffCodeForm, StaffLoginForm
from ..services.staff import (
    device_secret_display,
    staff_code_verify,
    staff_device,
    staff_enrolment_confirm,
    staff_enrolment_device,
    staff_login_record,
    staff_logout_record,
)

# The backend that loads the user on each request (the password was checked by
# authenticate() at step 1, through every backend).
STAFF_BACKEND = "clavepatronal.portal.backends.AccountBackend"


def _pending_user(request: HttpRequest):
    """The staff account that gave its password in this session, a few minutes ago."""
    pending = request.session.get(LOGIN_SESSION_KEY) or {}
    if time.time() - pending.get("at", 0) > LOGIN_CODE_MINUTES * 60:
        return None
    user = get_user_model().objects.filter(pk=pending.get("user")).first()
    return user if user is not None and user.is_active and user.is_staff else None


@never_cache
@sensitive_post_parameters("password")
@require_http_methods(GET_POST)
def login(request: HttpRequest) -> HttpResponse:
    """Step 1: user and password. Employers' accounts never pass (AccountBackend)."""
    user = request.user
    if user.is_authenticated and user.is_staff and user.is_verified():
        return redirect(next_url(request) or "backoffice:home")
    form = StaffLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if login_failures_exhausted(request, door=STAFF_DOOR):
            return too_many_requests(request, None)
        account = {"door": STAFF_DOOR, "username": form.cleaned_data["username"]}
        wait = account_wait_until(request, **account)
        if wait is not None:
            advice = _("Si no recuerda su contraseña, pida ayuda a un administrador.")
            form.add_error(
                None,
                account_wait_message(wait, account=_("este usuario"), advice=advice),
            )
            context = {"form": form, "next": next_url(request) or ""}
            return render(request, "backoffice/login.html", context, status=429)
        user = authenticate(
            request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if user is not None and user.is_staff:
            request.session.cycle_key()
            request.session[LOGIN_SESSION_KEY] = {"user": user.pk, "at": time.time()}
            url = reverse("backoffice:login_code")
            target = next_url(request)
            return redirect(f"{url}?{urlencode({'next': target})}" if target else url)
        login_failure_count(request, door=STAFF_DOOR)
        account_failure_count(request, **account)
        form.add_error(
            None,
            _(
                "El usuario o la contraseña no son correctos. Revíselos e inténtelo "
                "de nuevo."
            ),
        )
    return render(
        request,
        "backoffice/login.html",
        {"form": form, "next": next_url(request) or ""},
    )


@never_cache
@require_http_methods(GET_POST)
def login_code(request: HttpRequest) -> HttpResponse:
    """Step 2: the 6-digit code. An account without an authenticator is told to
    ask for its enrolment link: knowing the password never sets one up."""
    user = _pending_user(request)
    if user is None:
        messages.info(request, _("Ingrese primero su usuario y contraseña."))
        return redirect("backoffice:login")
    if staff_device(user=user) is None:
        return render(request, "backoffice/login_code.html", {"not_enrolled": True})
    form = StaffCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = staff_code_verify(user=user, token=form.cleaned_data["code"])
        if device is not None:
            request.session.pop(LOGIN_SESSION_KEY, None)
            auth_login(request, user, backend=STAFF_BACKEND)
            otp_login(request, device)
            signed_in_start(request)
            staff_login_record(user=user)
            # Both factors: this network is the owner's (core.guessing).
            account_success_record(
                request, door=STAFF_DOOR, username=user.get_username()
            )
            return redirect(next_url(request) or "backoffice:home")
        form.add_error(
            "code",
            _(
                "El código no es correcto o ya se usó. Espere el siguiente código de "
                "su aplicación y escríbalo."
            ),
        )
    context = {"form": form, "next": next_url(request) or ""}
    return render(request, "backoffice/login_code.html", context)


@never_cache
@require_http_methods(GET_POST)
def enrol(request: HttpRequest, token: str) -> HttpResponse:
    """The single-use enrolment link: scan the QR, confirm with a code; the link
    dies when the authenticator is confirmed. Then sign in as usual."""
    device = staff_enrolment_device(token=token)
    if device is None:
        return render(request, "backoffice/enrol_invalid.html", status=404)
    form = StaffCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if staff_enrolment_confirm(device=device, token=form.cleaned_data["code"]):
            messages.success(
                request,
                _(
                    "Su aplicación de autenticación quedó configurada. Ingrese con su "
                    "usuario, su contraseña y el código de la aplicación."
                ),
            )
            return redirect("backoffice:login")
        form.add_error(
            "code",
            _(
                "El código no es correcto. Espere el siguiente código de su aplicación "
                "y escríbalo."
            ),
        )
    svg = io.BytesIO()
    segno.make(device.config_url, error="m").save(
        svg, kind="svg", scale=4, xmldecl=False, svgns=True, title=_("Código QR")
    )
    context = {
        "form": form,
        "username": device.user.get_username(),
        "qr_svg": svg.getvalue().decode(),
        "secret": device_secret_display(device),
    }
    return render(request, "backoffice/enrol.html", context)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.user.is_staff:
        staff_logout_record(user=request.user)
    logout(request)
    messages.success(request, _("Salió del back office."))
    return redirect("backoffice:login")
