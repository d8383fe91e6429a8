"""The employer's proof in step f, and the employer's own page for a turn made in
its name (the link of the notice sent to the registration's e-mail)."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from clavepatronal.core.constants import GET_POST
from clavepatronal.core.errors import too_many_requests
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.employers.constants import RecipientRole
from clavepatronal.employers.selectors import email_masked, registration_active_get
from clavepatronal.notifications.forms import VerificationCodeForm
from clavepatronal.notifications.services import (
    VerificationError,
    email_verification_confirm,
)

from ..constants import ApplicationStatus, TurnStatus
from ..documents import turn_when_label
from ..selectors import (
    application_from_employer_link,
    employer_mailbox,
    employer_mailbox_proven,
    turn_blocked_by_employer,
    turn_from_employer_link,
)
from ..services import (
    application_employer_confirm,
    application_not_me,
    employer_proof_start,
    turn_employer_confirm,
    turn_not_me,
)
from .common import rate_limited, state_save, step_requires

# How step f's proof ended (state["employer_ok"]).
PROOF_MAILBOX = "correo"  # the person's verified address is the registration's
PROOF_CODE = "codigo"  # they typed the code sent to it
PROOF_PENDING = "pendiente"  # they wait for the employer's confirmation
PROOF_NONE_NEEDED = "no_aplica"  # not an employer's turn
# Refusals of the booking services that send the person back to this page.
EMPLOYER_PROOF_REFUSALS = ("employer_proof", "employer_blocked", "employer_waiting")


def employer_proof_initial(*, holder, state: dict) -> str:
    """Step f's answer before any code: no proof needed, the person's verified
    address is the registration's, or "" (this page asks for it)."""
    if holder.registration is None:
        return PROOF_NONE_NEEDED
    if employer_mailbox_proven(
        registration=holder.registration,
        email=state["email"],
        proof_id=None,
        now=timezone.now(),
        identification=state["identification"],
    ):
        return PROOF_MAILBOX
    return ""


def employer_proof_again(
    request: HttpRequest, state: dict, error
) -> HttpResponse | None:
    """After a booking service refused for want of the employer's backing: back to
    «Confirmación del empleador», the proof forgotten; None for any other refusal."""
    if error.extra.get("code") not in EMPLOYER_PROOF_REFUSALS:
        return None
    state["employer_ok"] = ""
    state_save(request, state)
    return redirect("appointments:employer_proof")


def employer_proof_arguments(state: dict) -> dict:
    """What the booking services are told of the proof (they check it again)."""
    ok = state.get("employer_ok")
    proof_id = state.get("employer_proof_id") if ok == PROOF_CODE else None
    return {
        "employer_proof_id": proof_id,
        "employer_pending": ok == PROOF_PENDING,
    }


@never_cache
@require_http_methods(GET_POST)
@step_requires("agency_id")
def employer_proof(request: HttpRequest, state: dict) -> HttpResponse:
    """Confirmación del empleador: the code sent to the registration's e-mail, or
    going on and waiting for the employer to confirm from that mailbox."""
    registration = registration_active_get(
        identification=state.get("employer_identification", "")
    )
    if registration is None:
        return redirect("appointments:agency")
    action = request.POST.get("accion", "") if request.method == "POST" else ""
    form = VerificationCodeForm(request.POST if action == "codigo" else None)
    if action == "enviar":
        return _proof_code_send(request, state, registration)
    if action == "codigo" and form.is_valid():
        if rate_limited(
            request, group="employer-verify", identification=state["identification"]
        ):
            return too_many_requests(request, None)
        try:
            email_verification_confirm(
                verification_id=state.get("employer_proof_id") or 0,
                code=form.cleaned_data["code"],
            )
        except VerificationError as error:
            form.add_error("code", error.message)
        else:
            state["employer_ok"] = PROOF_CODE
            state_save(request, state)
            return redirect("appointments:schedule")
    may_wait = state.get("holder_role") != RecipientRole.REPRESENTANTE_LEGAL
    if action == "esperar" and may_wait:
        state["employer_ok"] = PROOF_PENDING
        state_save(request, state)
        return redirect("appointments:schedule")
    return render(
        request,
        "appointments/employer_proof.html",
        {
            "form": form,
            "business_name": registration.business_name,
            "masked": email_masked(employer_mailbox(registration)),
            "code_sent": bool(state.get("employer_proof_id")),
            "minutes": settings.VERIFICATION_CODE_MINUTES,
            "hours": settings.TURNOS_EMPLOYER_CONFIRM_HOURS,
            "may_wait": may_wait,
        },
    )


def _proof_code_send(request: HttpRequest, state: dict, registration) -> HttpResponse:
    """«Enviar el código»: to the registration's e-mail, saying who asked."""
    if rate_limited(
        request, group="employer-code", identification=state["identification"]
    ):
        return too_many_requests(request, None)
    try:
        verification = employer_proof_start(
            registration=registration,
            identification=state["identification"],
            names=state.get("holder_names", ""),
        )
    except VerificationError as error:
        messages.error(request, error.message)
    else:
        state["employer_proof_id"] = verification.pk
        state_save(request, state)
        messages.success(request, _("Enviamos el código al correo del empleador."))
    return redirect("appointments:employer_proof")


@never_cache
@require_http_methods(GET_POST)
def employer_turn(request: HttpRequest, token: str) -> HttpResponse:
    """The employer's page for one turn made in its name: confirm it (if it waits)
    or «No fui yo». GET only shows; the buttons POST (a mail scanner that opens
    links changes nothing)."""
    turn = turn_from_employer_link(token=token)
    if turn is None:
        return render(request, "appointments/link_invalid.html", status=404)
    if request.method == "POST":
        action = request.POST.get("accion")
        try:
            if action == "confirmar":
                turn_employer_confirm(turn=turn)
                messages.success(
                    request,
                    _(
                        "Turno confirmado. Enviamos la confirmación con el PDF a la "
                        "persona que lo reservó."
                    ),
                )
            elif action == "no_fui_yo":
                turn_not_me(turn=turn)
                messages.success(
                    request,
                    _(
                        "Listo: el turno quedó anulado (si aún no había pasado) y esa "
                        "persona y ese correo no podrán reservar a nombre de su "
                        "empresa sin el código que llega a su correo."
                    ),
                )
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("appointments:employer_turn", token=token)
    turn.refresh_from_db()
    return render(
        request,
        "appointments/employer_turn.html",
        {
            "turn": turn,
            "registration": turn.registration,
            "agency": turn.slot.agency,
            "when": turn_when_label(turn),
            "pending": turn.status == TurnStatus.POR_CONFIRMAR
            and turn.employer_confirm_until > timezone.now(),
            "blocked": turn_blocked_by_employer(turn=turn),
        },
    )


@never_cache
@require_http_methods(GET_POST)
def employer_application(request: HttpRequest, token: str) -> HttpResponse:
    """The employer's page for a draw application made in its name: confirm it
    (if it waits) or «No fui yo». GET only shows; the buttons POST."""
    application = application_from_employer_link(token=token)
    if application is None:
        return render(request, "appointments/link_invalid.html", status=404)
    action = request.POST.get("accion") if request.method == "POST" else None
    try:
        if action == "confirmar":
            application_employer_confirm(application=application)
            messages.success(
                request, _("Solicitud confirmada: ya participa en el sorteo.")
            )
        elif action == "no_fui_yo":
            application_not_me(application=application)
            messages.success(
                request,
                _(
                    "Listo: la solicitud salió del sorteo (si aún participaba) y "
                    "esa persona y ese correo quedaron anotados como no autorizados "
                    "por su empresa."
                ),
            )
    except ApplicationError as error:
        messages.error(request, error.message)
    if action:
        return redirect("appointments:employer_application", token=token)
    return render(
        request,
        "appointments/employer_application.html",
        {
            "application": application,
            "registration": application.registration,
            "waiting": application.status == ApplicationStatus.POR_CONFIRMAR
            and application.employer_confirm_until > timezone.now(),
        },
    )
