"""The steps of «Turno asistido» after the first: the person's data kept in the
officer's session between them, the employer's code by phone, the day and hour,
and what the result pages show."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clavepatronal.appointments.constants import TurnChannel
from clavepatronal.appointments.documents import (
    turn_notes,
    turn_qr_data_uri,
    turn_when_label,
)
from clavepatronal.appointments.forms import ApplicationForm, DayForm
from clavepatronal.appointments.models import Agency, Turn
from clavepatronal.appointments.selectors import employer_mailbox, slot_calendar
from clavepatronal.appointments.selectors.draws import (
    application_pseudonym,
    draw_day_get,
)
from clavepatronal.appointments.services.applications import application_file
from clavepatronal.appointments.services.booking import (
    ActiveTurnError,
    holder_free_require,
    procedure_served_require,
    turn_book,
)
from clavepatronal.appointments.services.employer import employer_proof_start
from clavepatronal.catalogue.constants import Channel
from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.catalogue.selectors import requirement_list
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.employers.selectors import email_masked, registration_active_get
from clavepatronal.notifications.services import (
    VerificationError,
    email_verification_confirm,
)

from ..forms_assisted import AssistedCodeForm, AssistedSlotForm
from ..selectors.assisted import assisted_desk

SESSION_KEY = "backoffice_asistido"
# The person or the employer already holds a turn (or an application): said to the
# officer without the online wording («we mailed the link to…»).
ACTIVE_MESSAGE = gettext_lazy(
    "Esta persona (o este empleador) ya tiene un turno activo o una solicitud en el "
    "sorteo para este trámite, y solo se permite uno a la vez. Quien lo reservó puede "
    "cancelarlo desde el enlace de su confirmación; un turno del empleador, también "
    "desde el portal del empleador."
)
# Refusals at booking time that the first step corrects (the person, the employer,
# the proof, the officer's scope): back there, with the message.
FIRST_STEP_CODES = {
    "not_named",
    "not_verified",
    "employer_proof",
    "assisted_channel",
    "assisted_no_identification",
    "assisted_self",
    "assisted_scope",
    "assisted_document",
}


def state_get(request: HttpRequest) -> dict:
    return request.session.get(SESSION_KEY) or {}


def state_save(request: HttpRequest, state: dict) -> None:
    request.session[SESSION_KEY] = state


def who_check(request: HttpRequest, form, desk):
    """The first step's rules, read before the officer picks an hour (the booking
    checks them again): the officer's own, the agency serves the procedure, the
    person is named by the employer's registration and holds no active turn."""
    data = form.cleaned_data
    assisted = desk.assisted(
        officer=request.user, document_seen=data.get("document_seen", False)
    )
    assisted.require(agency=data["agency"], identification=data["identification"])
    procedure_served_require(agency=data["agency"], procedure_type=data["tramite"])
    return holder_free_require(
        procedure_type=data["tramite"],
        identification=data["identification"],
        employer_identification=data["employer"],
    )


def person_state(form, holder) -> dict:
    """What the next steps need, and the first step's answers to go back to."""
    data = form.cleaned_data
    return {
        "procedure_type_id": data["tramite"].pk,
        "agency_id": data["agency"].pk,
        "identification_type": data["identification_type"],
        "identification": data["identification"],
        "employer_identification": holder.employer_identification,
        "holder_names": holder.names,
        "email": data["email"] or "",
        "mobile": data["mobile"] or "",
        "document_seen": bool(data.get("document_seen")),
        "initial": {
            "tramite": data["tramite"].code,
            "agencia": data["agency"].pk,
            "identification_type": data["identification_type"],
            "identification": data["identification"],
            "employer": data["employer"],
            "email": data["email"] or "",
            "mobile": data["mobile"] or "",
        },
    }


def code_page(request: HttpRequest, scope) -> HttpResponse:
    """«Enviar código al correo del registro», then the code the caller reads."""
    desk, state = assisted_desk(scope=scope), state_get(request)
    registration = registration_active_get(
        identification=state.get("employer_identification") or "-"
    )
    if desk.channel != TurnChannel.TELEFONO or registration is None:
        return redirect("backoffice:assisted_start")
    action = request.POST.get("accion", "")
    form = AssistedCodeForm(request.POST if action == "codigo" else None)
    if action == "enviar":
        _code_send(request, state, registration)
        return redirect("backoffice:assisted_code")
    if action == "codigo" and form.is_valid():
        if _code_confirm(form, state):
            state_save(request, state)
            return redirect("backoffice:assisted_schedule")
    context = {
        "scope": scope,
        "form": form,
        "state": state,
        "business_name": registration.business_name,
        "masked": email_masked(employer_mailbox(registration)),
        "code_sent": bool(state.get("proof_sent_id")),
    }
    status = 400 if form.errors else 200
    return render(request, "backoffice/assisted_code.html", context, status=status)


def _code_send(request: HttpRequest, state: dict, registration) -> None:
    try:
        verification = employer_proof_start(
            registration=registration,
            identification=state["identification"],
            names=state.get("holder_names", ""),
            by_phone=True,
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return
    state.update(proof_sent_id=verification.pk)
    state.pop("employer_proof_id", None)
    state_save(request, state)
    messages.success(
        request,
        _(
            "Enviamos el código al correo del registro del empleador. Pida a la "
            "persona que se lo lea y escríbalo aquí."
        ),
    )


def _code_confirm(form: AssistedCodeForm, state: dict) -> bool:
    if not state.get("proof_sent_id"):
        form.add_error(
            "code",
            _("Primero envíe el código con «Enviar código al correo del registro»."),
        )
        return False
    try:
        email_verification_confirm(
            verification_id=state["proof_sent_id"], code=form.cleaned_data["code"]
        )
    except VerificationError as error:
        form.add_error("code", error.message)
        return False
    state["employer_proof_id"] = state["proof_sent_id"]
    return True


def schedule_page(request: HttpRequest, scope) -> HttpResponse:
    """The agency's days and the chosen day's hours; a drawn day takes up to
    three preferred hours for the draw instead."""
    desk, state = assisted_desk(scope=scope), state_get(request)
    if not state.get("identification") or not desk.channel:
        return redirect("backoffice:assisted_start")
    by_phone = desk.channel == TurnChannel.TELEFONO
    if (
        by_phone
        and state["employer_identification"]
        and "employer_proof_id" not in state
    ):
        return redirect("backoffice:assisted_code")
    agency = Agency.objects.select_related("province").filter(pk=state["agency_id"])
    procedure_type = ProcedureType.objects.filter(pk=state["procedure_type_id"])
    agency, procedure_type = agency.first(), procedure_type.first()
    if agency is None or procedure_type is None:
        return redirect("backoffice:assisted_start")
    days = slot_calendar(agency=agency, now=timezone.now())
    wanted = DayForm(request.POST if request.method == "POST" else request.GET).day()
    selected = next((d for d in days if d.date == wanted), days[0] if days else None)
    form = _schedule_form(request, selected)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            made = _book(request, desk, state, (agency, procedure_type), selected, form)
        except ActiveTurnError:
            form.add_error(None, ACTIVE_MESSAGE)
        except ApplicationError as error:
            if error.extra.get("code") in FIRST_STEP_CODES:
                messages.error(request, error.message)
                return redirect("backoffice:assisted_start")
            form.add_error(None, error.message)
        else:
            request.session.pop(SESSION_KEY, None)
            return redirect(_result_url(made))
    context = {
        "scope": scope,
        "state": state,
        "agency": agency,
        "procedure_type": procedure_type,
        "days": days,
        "selected": selected,
        "form": form,
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "backoffice/assisted_schedule.html", context, status=status)


def _schedule_form(request: HttpRequest, selected):
    data = request.POST if request.method == "POST" else None
    if selected is None:
        return None
    if selected.takes_applications:
        hours = [slot.time_label for slot in selected.slots]
        return ApplicationForm(data, hours=hours, initial={"dia": selected.date})
    return AssistedSlotForm(data, day=selected)


def _book(request, desk, state: dict, where: tuple, selected, form):
    """The one booking service, with the officer's proof: a turn, or on a drawn
    day an application for its draw."""
    agency, procedure_type = where
    booking = {
        "verification_id": None,
        "identification_type": state["identification_type"],
        "identification": state["identification"],
        "email": state["email"],
        "mobile": state["mobile"],
        "agency": agency,
        "procedure_type": procedure_type,
        "employer_identification": state["employer_identification"],
        "employer_proof_id": state.get("employer_proof_id"),
        "assisted": desk.assisted(
            officer=request.user, document_seen=state["document_seen"]
        ),
    }
    if selected.takes_applications:
        return application_file(
            **booking,
            day=selected.date,
            hours=form.cleaned_data["hours"],
            any_hour=form.cleaned_data["cualquier_hora"],
        )
    return turn_book(**booking, starts_at=form.cleaned_data["inicio"])


def _result_url(made) -> str:
    if isinstance(made, Turn):
        return reverse("backoffice:assisted_turn", kwargs={"code": made.code})
    return reverse("backoffice:assisted_application", kwargs={"pk": made.pk})


def result_context(made) -> dict:
    """What the result page shows of the new turn (code, QR, where and when, what
    to bring) or application (its draw and the pseudonym it is published under)."""
    if isinstance(made, Turn):
        return {
            "turn": made,
            "agency": made.slot.agency,
            "when": turn_when_label(made),
            "qr": turn_qr_data_uri(turn=made),
            "requirements": requirement_list(
                procedure_type=made.procedure_type, channel=Channel.PRESENCIAL
            ),
            "notes": turn_notes(),
        }
    return {
        "application": made,
        "agency": made.agency,
        "draw": draw_day_get(agency=made.agency, day=made.day),
        "pseudonym": application_pseudonym(made.pk),
    }
