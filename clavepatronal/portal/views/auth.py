"""Ingreso al portal del empleador, salida, activación de clave, ¿Olvidó su clave?"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, logout
from django.contrib.auth import login as auth_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from clavepatronal.core.constants import GET_POST
from clavepatronal.core.errors import too_many_requests
from clavepatronal.core.guessing import (
    account_failure_count,
    account_success_record,
    account_wait_message,
    account_wait_until,
)
from clavepatronal.core.ratelimits import login_failure_count, login_failures_exhausted
from clavepatronal.core.redirects import next_url
from clavepatronal.core.sessions import signed_in_start
from clavepatronal.core.tasks import task_enqueue_with_transaction
from clavepatronal.core.timing import uniform_duration
from clavepatronal.employers.constants import ActivationPurpose
from clavepatronal.employers.selectors import (
    account_get,
    activation_get,
    activation_get_by_code,
    activation_get_by_token,
    activation_problem,
)
from clavepatronal.employers.services import (
    ActivationError,
    account_login_record,
    account_logout_record,
    clave_set_by_activation,
)
from clavepatronal.employers.tasks import clave_recovery_task

from ..constants import ACTIVATION_SESSION_KEY, PORTAL_EMPLEADOR
from ..forms import ActivationCodeForm, ClaveSetForm, LoginForm, RecoveryForm
from .common import portal_rate_limited


@never_cache
@sensitive_post_parameters("password")
@require_http_methods(GET_POST)
def login(request: HttpRequest) -> HttpResponse:
    """Ingreso al portal del empleador. Locked out (django-axes), the middleware
    answers with `lockout` instead of this page."""
    if account_get(user=request.user) is not None:
        return redirect("portal:dashboard")
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if login_failures_exhausted(request, door=PORTAL_EMPLEADOR):
            return too_many_requests(request, None)
        username = form.cleaned_data["username"]
        account = {"door": PORTAL_EMPLEADOR, "username": username}
        wait = account_wait_until(request, **account)
        if wait is not None:
            advice = _("Si olvidó su clave, recupérela en «¿Olvidó su clave?».")
            form.add_error(
                None,
                account_wait_message(
                    wait, account=_("este RUC o cédula"), advice=advice
                ),
            )
            return render(
                request,
                "portal/login.html",
                {"form": form, "next": next_url(request) or ""},
                status=429,
            )
        user = authenticate(
            request,
            username=username,
            password=form.cleaned_data["password"],
            portal=PORTAL_EMPLEADOR,
        )
        if user is not None:
            auth_login(request, user)  # a new session key: no fixation
            signed_in_start(request)
            account_login_record(account=user.employer_account)
            account_success_record(request, **account)
            return redirect(next_url(request) or "portal:dashboard")
        login_failure_count(request, door=PORTAL_EMPLEADOR)
        account_failure_count(request, **account)
        # One message whether the RUC has no account or the clave is wrong.
        form.add_error(
            None,
            _(
                "El RUC (o la cédula) o la clave no son correctos. Revíselos e "
                "inténtelo de nuevo."
            ),
        )
    return render(
        request,
        "portal/login.html",
        {"form": form, "next": next_url(request) or ""},
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """Salir: the session is deleted on the server, not only forgotten."""
    account = account_get(user=request.user)
    if account is not None:
        account_logout_record(account=account)
    logout(request)
    messages.success(request, _("Salió del portal del empleador."))
    return redirect("portal:login")


# --- activation and recovery


def _invalid_link(request: HttpRequest, problem: str) -> HttpResponse:
    return render(request, "portal/link_invalid.html", {"problem": problem}, status=404)


def _link_entry(
    request: HttpRequest, token: str, purpose: str | tuple[str, ...]
) -> HttpResponse:
    """Opening the e-mailed link changes nothing (mail scanners open links too): it
    remembers the activation in the session and leaves the token out of the
    address bar."""
    activation = activation_get_by_token(token=token, purpose=purpose)
    problem = activation_problem(activation=activation, now=timezone.now())
    if problem:
        return _invalid_link(request, problem)
    request.session[ACTIVATION_SESSION_KEY] = activation.pk
    return redirect("portal:clave_set")


@never_cache
@require_safe
def activate_link(request: HttpRequest, token: str) -> HttpResponse:
    return _link_entry(request, token, ActivationPurpose.EMISION)


@never_cache
@require_safe
def recovery_link(request: HttpRequest, token: str) -> HttpResponse:
    """¿Olvidó su clave?'s link, and the one a signed reset sends to the new e-mail."""
    return _link_entry(
        request,
        token,
        (ActivationPurpose.RECUPERACION, ActivationPurpose.RECUPERACION_FIRMA),
    )


@never_cache
@require_http_methods(GET_POST)
def activate_code(request: HttpRequest) -> HttpResponse:
    """Activar con el código del Acta de entrega: RUC + code, then the clave."""
    form = ActivationCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        identification = form.cleaned_data["identification"]
        if portal_rate_limited(request, group="code", identification=identification):
            return too_many_requests(request, None)
        activation = activation_get_by_code(
            identification=identification,
            code=form.cleaned_data["code"],
            now=timezone.now(),
        )
        if activation is not None:
            request.session[ACTIVATION_SESSION_KEY] = activation.pk
            return redirect("portal:clave_set")
        form.add_error(
            None,
            _(
                "El RUC (o la cédula) o el código no son correctos, o el código ya se "
                "usó o venció. Revise el Acta de entrega."
            ),
        )
    return render(request, "portal/activate_code.html", {"form": form})


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
@require_http_methods(GET_POST)
def clave_set(request: HttpRequest) -> HttpResponse:
    """Elija su clave patronal (after a link or a code)."""
    activation = activation_get(pk=request.session.get(ACTIVATION_SESSION_KEY))
    if activation is None:
        return redirect("portal:activate_code")
    problem = activation_problem(activation=activation, now=timezone.now())
    if problem:
        request.session.pop(ACTIVATION_SESSION_KEY, None)
        return _invalid_link(request, problem)
    user = activation.account.user
    form = ClaveSetForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            clave_set_by_activation(
                activation_id=activation.pk,
                password=form.cleaned_data["new_password1"],
            )
        except ActivationError as error:
            request.session.pop(ACTIVATION_SESSION_KEY, None)
            return _invalid_link(request, error.message)
        except ValidationError as error:
            form.add_error("new_password1", error)
        else:
            request.session.pop(ACTIVATION_SESSION_KEY, None)
            messages.success(
                request,
                _(
                    "Su clave patronal quedó lista. Ingrese con su RUC (o cédula) y "
                    "la clave que eligió."
                ),
            )
            return redirect("portal:login")
    return render(
        request,
        "portal/clave_set.html",
        {
            "form": form,
            "activation": activation,
            "recovery": activation.purpose != ActivationPurpose.EMISION,
        },
    )


@never_cache
@require_http_methods(GET_POST)
@uniform_duration("CLAVE_RECOVERY_ANSWER_SECONDS")
def recovery(request: HttpRequest) -> HttpResponse:
    """¿Olvidó su clave?: the same answer whether or not the data matched, in the
    same time. With the database task backend (production) the request only queues
    the task either way; with the immediate one (`make run`) the look-up and the
    mail run inside the request, so the answer waits for a floor."""
    form = RecoveryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        identification = form.cleaned_data["identification"]
        if portal_rate_limited(
            request, group="recovery", identification=identification
        ):
            return too_many_requests(request, None)
        # The look-up and the mail run in a task: the answer takes the same time
        # whether or not the data matched.
        task_enqueue_with_transaction(
            clave_recovery_task,
            identification=identification,
            rep_identification=form.cleaned_data["rep_identification"],
        )
        return redirect("portal:recovery_sent")
    return render(request, "portal/recovery.html", {"form": form})


@require_safe
def recovery_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/recovery_sent.html",
        {"minutes": settings.CLAVE_RECOVERY_MINUTES},
    )
