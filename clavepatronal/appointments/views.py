"""Turnos en línea: the seed's steps a–h, then the turn's own page (signed link).

The journey's state lives in the session under SESSION_KEY; each step requires the
ones before it, and nothing is held until *Confirmar* at step h.
"""

import datetime
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)
from django_ratelimit.core import is_ratelimited

from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.core.views import too_many_requests
from clavepatronal.identity.constants import IdentificationType
from clavepatronal.identity.validators import phone_display
from clavepatronal.notifications.services import (
    VerificationError,
    email_verification_confirm,
)
from clavepatronal.procedures.constants import CLAVE_PATRONAL_CODE, Channel
from clavepatronal.procedures.models import ProcedureType
from clavepatronal.procedures.selectors import requirement_list

from .constants import SESSION_KEY
from .documents import turn_ics, turn_notes, turn_pdf, turn_when_label
from .forms import (
    AgencyForm,
    AgencySearchForm,
    CodeForm,
    ContactForm,
    DayForm,
    IdentificationForm,
    SlotForm,
)
from .models import Agency, Turn
from .selectors import (
    release_next,
    slot_calendar,
    slot_free_seats,
    slot_unbookable_reason,
    turn_active_get,
    turn_from_link,
    turn_link_token,
)
from .services import (
    ActiveTurnError,
    turn_book,
    turn_cancel,
    turn_reschedule,
    turn_verification_start,
)

GET_POST = ["GET", "HEAD", "POST"]


# --- journey state


def _state(request: HttpRequest) -> dict:
    return dict(request.session.get(SESSION_KEY, {}))


def _state_save(request: HttpRequest, state: dict) -> None:
    request.session[SESSION_KEY] = state


# Each step's requirement, in the seed's order: the first one missing sends the
# person back to the step that provides it.
_STEPS = [
    ("identification", "appointments:identification"),
    ("verification_id", "appointments:contact"),
    ("verified", "appointments:verify"),
    ("agency_id", "appointments:agency"),
    ("starts_at", "appointments:schedule"),
]


def _step_requires(key: str):
    """Pass the journey state to the view, or go back to the first step not done."""
    keys = [step_key for step_key, _url in _STEPS]
    needed = _STEPS[: keys.index(key) + 1]

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            state = _state(request)
            for step_key, url in needed:
                if not state.get(step_key):
                    if step_key != "identification":
                        messages.info(
                            request,
                            _("Complete primero este paso para generar su turno."),
                        )
                    return redirect(url)
            return view(request, state, *args, **kwargs)

        return wrapper

    return decorator


def _rate_limited(request: HttpRequest, *, group: str, identification: str) -> bool:
    """Per client IP and per identification; counted in the shared cache."""
    by_ip = is_ratelimited(
        request,
        group=f"turnos-{group}-ip",
        key="ip",
        rate=settings.TURNOS_RATE_PER_IP,
        increment=True,
    )
    by_identification = is_ratelimited(
        request,
        group=f"turnos-{group}-id",
        key=lambda _group, _request: identification,
        rate=settings.TURNOS_RATE_PER_IDENTIFICATION,
        increment=True,
    )
    return by_ip or by_identification


def _selection(state: dict) -> tuple[Agency, ProcedureType]:
    agency = get_object_or_404(Agency, pk=state["agency_id"], is_active=True)
    procedure_type = get_object_or_404(ProcedureType, pk=state["procedure_type_id"])
    return agency, procedure_type


def _when(starts_at: datetime.datetime) -> str:
    local = timezone.localtime(starts_at)
    return _("%(date)s a las %(time)s") % {
        "date": formats.date_format(local, "l j \\d\\e F \\d\\e Y"),
        "time": formats.time_format(local, "H:i"),
    }


def _start_parse(value: str) -> datetime.datetime | None:
    form = SlotForm({"inicio": value})
    if not form.is_valid():
        return None
    return form.cleaned_data["inicio"]


def _existing_turn(request: HttpRequest, turn: Turn) -> HttpResponse:
    return render(
        request,
        "appointments/existing.html",
        {
            "turn": turn,
            "token": turn_link_token(turn=turn),
            "when": turn_when_label(turn),
        },
    )


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
    state = _state(request)
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
        _state_save(request, dict(form.cleaned_data))
        return redirect("appointments:contact")
    return render(request, "appointments/identification.html", {"form": form})


# --- c and d: e-mail and mobile, code mailed


@never_cache
@require_http_methods(GET_POST)
@_step_requires("identification")
def contact(request: HttpRequest, state: dict) -> HttpResponse:
    form = ContactForm(
        request.POST or None,
        initial={"email": state.get("email", ""), "mobile": state.get("mobile", "")},
    )
    if request.method == "POST" and form.is_valid():
        if _rate_limited(request, group="code", identification=state["identification"]):
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
            for key in ("agency_id", "procedure_type_id", "starts_at"):
                state.pop(key, None)
            _state_save(request, state)
            return redirect("appointments:verify")
    return render(request, "appointments/contact.html", {"form": form})


# --- e: the code


@never_cache
@require_http_methods(GET_POST)
@_step_requires("verification_id")
def verify(request: HttpRequest, state: dict) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _rate_limited(
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
            _state_save(request, state)
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
@_step_requires("verification_id")
def resend(request: HttpRequest, state: dict) -> HttpResponse:
    if _rate_limited(request, group="code", identification=state["identification"]):
        return too_many_requests(request, None)
    try:
        verification = turn_verification_start(
            identification=state["identification"], email=state["email"]
        )
    except VerificationError as error:
        messages.error(request, error.message)
    else:
        state.update(verification_id=verification.pk, verified=False)
        _state_save(request, state)
        messages.success(
            request,
            _("Le enviamos un código nuevo. El anterior ya no sirve."),
        )
    return redirect("appointments:verify")


# --- f: province, procedure type, agency


@never_cache
@require_http_methods(GET_POST)
@_step_requires("verified")
def agency(request: HttpRequest, state: dict) -> HttpResponse:
    search = AgencySearchForm(
        request.GET if "provincia" in request.GET else None,
        initial={"tramite": CLAVE_PATRONAL_CODE},
    )
    agency_form = None
    if search.is_bound and search.is_valid():
        province = search.cleaned_data["provincia"]
        procedure_type = search.cleaned_data["tramite"]
        agency_form = AgencyForm(
            request.POST or None,
            province=province,
            procedure_type=procedure_type,
            initial={"agency": state.get("agency_id")},
        )
        if request.method == "POST" and agency_form.is_valid():
            existing = turn_active_get(
                identification_type=state["identification_type"],
                identification=state["identification"],
                procedure_type=procedure_type,
            )
            if existing is not None:
                return _existing_turn(request, existing)
            state.update(
                agency_id=agency_form.cleaned_data["agency"].pk,
                procedure_type_id=procedure_type.pk,
            )
            state.pop("starts_at", None)
            _state_save(request, state)
            return redirect("appointments:schedule")
    elif request.method == "POST":
        return redirect("appointments:agency")
    return render(
        request,
        "appointments/agency.html",
        {"search": search, "agency_form": agency_form},
    )


# --- g: day and hour, with the confirmation question ("Sí")


def _calendar_page(
    request: HttpRequest,
    *,
    agency: Agency,
    confirm_url: str,
    template: str,
    extra: dict,
) -> HttpResponse:
    now = timezone.now()
    days = slot_calendar(agency=agency, now=now)
    wanted = DayForm(request.GET).day()
    selected = next((d for d in days if d.date == wanted), days[0] if days else None)
    return render(
        request,
        template,
        {
            "agency": agency,
            "days": days,
            "selected": selected,
            "confirm_url": confirm_url,
            "release": release_next(now=now),
            **extra,
        },
    )


def _slot_check(agency: Agency, starts_at: datetime.datetime | None) -> str | None:
    if starts_at is None:
        return _("Elija el día y la hora.")
    reason = slot_unbookable_reason(
        agency=agency, starts_at=starts_at, now=timezone.now()
    )
    if reason:
        return reason
    if slot_free_seats(agency=agency, starts_at=starts_at) < 1:
        return _(
            "Lo sentimos, ese horario se quedó sin disponibilidad. Elija otro día u "
            "otra hora."
        )
    return None


@never_cache
@require_safe
@_step_requires("agency_id")
def schedule(request: HttpRequest, state: dict) -> HttpResponse:
    agency, procedure_type = _selection(state)
    return _calendar_page(
        request,
        agency=agency,
        confirm_url=reverse("appointments:schedule_confirm"),
        template="appointments/schedule.html",
        extra={"procedure_type": procedure_type},
    )


@never_cache
@require_http_methods(GET_POST)
@_step_requires("agency_id")
def schedule_confirm(request: HttpRequest, state: dict) -> HttpResponse:
    """The confirmation window of step g as a page, so *Sí* works without JavaScript."""
    agency, procedure_type = _selection(state)
    data = request.POST if request.method == "POST" else request.GET
    starts_at = _start_parse(data.get("inicio", ""))
    problem = _slot_check(agency, starts_at)
    if problem:
        messages.error(request, problem)
        return redirect("appointments:schedule")
    if request.method == "POST":
        state["starts_at"] = starts_at.isoformat()
        _state_save(request, state)
        return redirect("appointments:summary")
    return render(
        request,
        "appointments/schedule_confirm.html",
        {
            "agency": agency,
            "procedure_type": procedure_type,
            "when": _when(starts_at),
            "inicio": data.get("inicio"),
            "back_url": reverse("appointments:schedule"),
        },
    )


# --- h: summary and Confirmar


@never_cache
@require_http_methods(GET_POST)
@_step_requires("starts_at")
def summary(request: HttpRequest, state: dict) -> HttpResponse:
    agency, procedure_type = _selection(state)
    starts_at = datetime.datetime.fromisoformat(state["starts_at"])
    if request.method == "POST":
        if _rate_limited(request, group="book", identification=state["identification"]):
            return too_many_requests(request, None)
        try:
            turn = turn_book(
                verification_id=state["verification_id"],
                identification_type=state["identification_type"],
                identification=state["identification"],
                email=state["email"],
                mobile=state["mobile"],
                agency=agency,
                procedure_type=procedure_type,
                starts_at=starts_at,
            )
        except ActiveTurnError as error:
            if error.turn is not None:
                return _existing_turn(request, error.turn)
            messages.error(request, error.message)
            return redirect("appointments:agency")
        except ApplicationError as error:
            messages.error(request, error.message)
            state.pop("starts_at", None)
            if error.extra.get("code") == "not_verified":
                state["verified"] = False
                _state_save(request, state)
                return redirect("appointments:verify")
            _state_save(request, state)
            return redirect("appointments:schedule")
        state.pop("starts_at", None)
        _state_save(request, state)
        return redirect("appointments:turn_detail", token=turn_link_token(turn=turn))
    return render(
        request,
        "appointments/summary.html",
        {
            "state": state,
            "identification_type_label": IdentificationType(
                state["identification_type"]
            ).label,
            "mobile": phone_display(state["mobile"]),
            "agency": agency,
            "procedure_type": procedure_type,
            "when": _when(starts_at),
            "ends": timezone.localtime(
                starts_at + datetime.timedelta(minutes=agency.slot_minutes)
            ),
        },
    )


# --- the turn's page: Confirmación del Turno en Línea, cancel, reschedule


def _turn_or_gone(request: HttpRequest, token: str) -> Turn | HttpResponse:
    turn = turn_from_link(token=token, now=timezone.now())
    if turn is None:
        return render(request, "appointments/link_invalid.html", status=404)
    return turn


def _turn_view(view):
    @wraps(view)
    def wrapper(request, token: str, *args, **kwargs):
        turn = _turn_or_gone(request, token)
        if isinstance(turn, HttpResponse):
            return turn
        return view(request, turn, token, *args, **kwargs)

    return never_cache(wrapper)


@require_safe
@_turn_view
def turn_detail(request: HttpRequest, turn: Turn, token: str) -> HttpResponse:
    return render(
        request,
        "appointments/turn_detail.html",
        {
            "turn": turn,
            "token": token,
            "agency": turn.slot.agency,
            "when": turn_when_label(turn),
            "requirements": requirement_list(
                procedure_type=turn.procedure_type, channel=Channel.PRESENCIAL
            ),
            "notes": turn_notes(),
        },
    )


@require_safe
@_turn_view
def turn_pdf_download(request: HttpRequest, turn: Turn, token: str) -> HttpResponse:
    response = HttpResponse(turn_pdf(turn=turn), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="turno-{turn.code}.pdf"'
    return response


@require_safe
@_turn_view
def turn_ics_download(request: HttpRequest, turn: Turn, token: str) -> HttpResponse:
    response = HttpResponse(
        turn_ics(turn=turn), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="turno-{turn.code}.ics"'
    return response


@require_http_methods(GET_POST)
@_turn_view
def turn_cancel_view(request: HttpRequest, turn: Turn, token: str) -> HttpResponse:
    if request.method == "POST":
        if _rate_limited(request, group="manage", identification=turn.identification):
            return too_many_requests(request, None)
        try:
            turn_cancel(turn=turn)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("appointments:turn_detail", token=token)
        messages.success(
            request,
            _("Su turno %(code)s fue cancelado. El horario quedó libre.")
            % {"code": turn.code_display},
        )
        return redirect("appointments:start")
    return render(
        request,
        "appointments/turn_cancel.html",
        {"turn": turn, "token": token, "when": turn_when_label(turn)},
    )


@require_safe
@_turn_view
def turn_reschedule_view(request: HttpRequest, turn: Turn, token: str) -> HttpResponse:
    return _calendar_page(
        request,
        agency=turn.slot.agency,
        confirm_url=reverse("appointments:turn_reschedule_confirm", args=[token]),
        template="appointments/turn_reschedule.html",
        extra={
            "turn": turn,
            "token": token,
            "procedure_type": turn.procedure_type,
            "when": turn_when_label(turn),
            "rescheduling": True,
        },
    )


@require_http_methods(GET_POST)
@_turn_view
def turn_reschedule_confirm(
    request: HttpRequest, turn: Turn, token: str
) -> HttpResponse:
    agency = turn.slot.agency
    data = request.POST if request.method == "POST" else request.GET
    starts_at = _start_parse(data.get("inicio", ""))
    problem = _slot_check(agency, starts_at)
    if problem:
        messages.error(request, problem)
        return redirect("appointments:turn_reschedule", token=token)
    if request.method == "POST":
        if _rate_limited(request, group="manage", identification=turn.identification):
            return too_many_requests(request, None)
        try:
            turn = turn_reschedule(turn=turn, starts_at=starts_at)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("appointments:turn_reschedule", token=token)
        messages.success(
            request,
            _(
                "Su turno fue reprogramado. Le enviamos la nueva confirmación a su "
                "correo; el enlace anterior ya no sirve."
            ),
        )
        return redirect("appointments:turn_detail", token=turn_link_token(turn=turn))
    return render(
        request,
        "appointments/schedule_confirm.html",
        {
            "agency": agency,
            "procedure_type": turn.procedure_type,
            "when": _when(starts_at),
            "inicio": data.get("inicio"),
            "back_url": reverse("appointments:turn_reschedule", args=[token]),
            "rescheduling": True,
        },
    )
