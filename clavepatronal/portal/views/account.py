"""The signed-in employer's pages: dashboard, clave, e-mail, turns and documents.

Every view gets the account from `employer_required` and looks objects up through
it: another employer's code in the URL is a 404.
"""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from clavepatronal.appointments.documents import turn_when_label
from clavepatronal.appointments.selectors import turn_link_token
from clavepatronal.appointments.services import turn_cancel
from clavepatronal.core.constants import GET_POST
from clavepatronal.core.errors import too_many_requests
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.documents.responses import file_response
from clavepatronal.documents.selectors import generated_document_content
from clavepatronal.documents.services import generated_document_view_record
from clavepatronal.employers.models import EmployerAccount
from clavepatronal.employers.services import (
    account_email_change_confirm,
    account_email_change_start,
    clave_change,
)
from clavepatronal.notifications.forms import VerificationCodeForm
from clavepatronal.notifications.services import VerificationError
from clavepatronal.procedures.links import attachment_links, correction_token_open

from ..constants import EMAIL_CHANGE_SESSION_KEY
from ..forms import ClaveChangeForm, EmailChangeForm
from ..selectors import (
    dashboard_sections,
    employer_document_get,
    employer_tramite_detail,
    employer_turn_get,
    employer_turn_manageable,
)
from .common import employer_required, portal_rate_limited


@require_safe
@employer_required
def dashboard(request: HttpRequest, account: EmployerAccount) -> HttpResponse:
    return render(
        request,
        "portal/dashboard.html",
        {
            "account": account,
            "sections": dashboard_sections(account=account, now=timezone.now()),
        },
    )


@require_safe
@employer_required
def tramite_view(
    request: HttpRequest, account: EmployerAccount, number: str
) -> HttpResponse:
    """One of the employer's trámites: state, observations, history and files."""
    tramite = employer_tramite_detail(account=account, number=number)
    if tramite is None:
        raise Http404
    return render(
        request,
        "portal/tramite.html",
        {
            "tramite": tramite,
            "files": attachment_links(tramite),
            "correction_token": correction_token_open(tramite),
        },
    )


@sensitive_post_parameters()
@require_http_methods(GET_POST)
@employer_required
def clave_change_view(request: HttpRequest, account: EmployerAccount) -> HttpResponse:
    """Cambiar clave: asks the current one; other sessions end."""
    form = ClaveChangeForm(account.user, request.POST or None)
    if request.method == "POST":
        if portal_rate_limited(
            request, group="clave", identification=account.identification
        ):
            return too_many_requests(request, None)
        if form.is_valid():
            try:
                clave_change(
                    account=account, new_password=form.cleaned_data["new_password1"]
                )
            except ValidationError as error:
                form.add_error("new_password1", error)
            else:
                update_session_auth_hash(request, account.user)
                messages.success(
                    request,
                    _("Su clave cambió. Le enviamos un aviso a su correo."),
                )
                return redirect("portal:dashboard")
    return render(request, "portal/clave_change.html", {"form": form})


@sensitive_post_parameters("current_password")
@require_http_methods(GET_POST)
@employer_required
def email_change(request: HttpRequest, account: EmployerAccount) -> HttpResponse:
    """Cambiar el correo de contacto: a code to the new address confirms it."""
    form = EmailChangeForm(account.user, request.POST or None)
    error = None
    if request.method == "POST":
        if portal_rate_limited(
            request, group="email", identification=account.identification
        ):
            return too_many_requests(request, None)
        if form.is_valid():
            try:
                verification = account_email_change_start(
                    account=account, new_email=form.cleaned_data["email"]
                )
            except VerificationError as exc:
                error = exc.message
            else:
                request.session[EMAIL_CHANGE_SESSION_KEY] = {
                    "id": verification.pk,
                    "email": verification.email,
                }
                return redirect("portal:email_change_confirm")
    return render(
        request,
        "portal/email_change.html",
        {"form": form, "account": account, "error": error},
    )


@require_http_methods(GET_POST)
@employer_required
def email_change_confirm(
    request: HttpRequest, account: EmployerAccount
) -> HttpResponse:
    pending = request.session.get(EMAIL_CHANGE_SESSION_KEY)
    if not pending:
        return redirect("portal:email_change")
    form = VerificationCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_email_change_confirm(
                account=account,
                verification_id=pending["id"],
                code=form.cleaned_data["code"],
            )
        except VerificationError as exc:
            form.add_error("code", exc.message)
        else:
            request.session.pop(EMAIL_CHANGE_SESSION_KEY, None)
            messages.success(
                request,
                _(
                    "Su correo de contacto cambió. Avisamos también a su correo "
                    "anterior."
                ),
            )
            return redirect("portal:dashboard")
    return render(
        request,
        "portal/email_change_confirm.html",
        {"form": form, "email": pending["email"]},
    )


def _own_turn(account: EmployerAccount, code: str):
    turn = employer_turn_get(account=account, code=code)
    if turn is None:
        raise Http404
    return turn


@require_http_methods(GET_POST)
@employer_required
def turn_cancel_view(
    request: HttpRequest, account: EmployerAccount, code: str
) -> HttpResponse:
    turn = _own_turn(account, code)
    if not employer_turn_manageable(turn=turn, now=timezone.now()):
        messages.error(request, _("Este turno ya no se puede cancelar."))
        return redirect("portal:dashboard")
    if request.method == "POST":
        try:
            turn_cancel(turn=turn)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Su turno %(code)s fue cancelado. El horario quedó libre.")
                % {"code": turn.code_display},
            )
        return redirect("portal:dashboard")
    return render(
        request,
        "portal/turn_cancel.html",
        {"turn": turn, "when": turn_when_label(turn)},
    )


@require_safe
@employer_required
def turn_reschedule_view(
    request: HttpRequest, account: EmployerAccount, code: str
) -> HttpResponse:
    """Reprogramar: the turn's own calendar pages, behind its signed link."""
    turn = _own_turn(account, code)
    if not employer_turn_manageable(turn=turn, now=timezone.now()):
        messages.error(request, _("Este turno ya no se puede reprogramar."))
        return redirect("portal:dashboard")
    return redirect("appointments:turn_reschedule", token=turn_link_token(turn=turn))


@require_safe
@employer_required
def document_download(
    request: HttpRequest, account: EmployerAccount, code: str
) -> HttpResponse:
    document = employer_document_get(account=account, code=code)
    if document is None:
        raise Http404
    generated_document_view_record(
        document=document,
        actor=account.user,
        actor_label=f"empleador {account.identification}",
    )
    slug = document.kind.lower().replace("_", "-")
    return file_response(
        generated_document_content(document=document),
        filename=f"{slug}-{account.identification}-{document.code}.pdf",
        content_type="application/pdf",
    )
