"""Steps f–h: agency, day and hour (with *Sí*), summary and *Confirmar*."""

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from clavepatronal.catalogue.constants import CLAVE_PATRONAL_CODE
from clavepatronal.core.constants import GET_POST
from clavepatronal.core.errors import too_many_requests
from clavepatronal.core.exceptions import ApplicationError

from ..documents import when_label
from ..forms import (
    AgencyForm,
    AgencySearchForm,
    ApplicationForm,
    DayForm,
)
from ..selectors import (
    slot_calendar,
    turn_active_conflicting,
    turn_link_token,
)
from ..services import (
    ActiveTurnError,
    holder_require,
    turn_book,
)
from .application import application_summary
from .calendar import schedule_page
from .common import (
    existing_turn_notice,
    page_limited,
    person_summary,
    rate_limited,
    selection_get,
    slot_check,
    start_parse,
    state_save,
    step_requires,
)
from .employer import (
    employer_proof_again,
    employer_proof_arguments,
    employer_proof_initial,
)

# --- f: province, procedure type, agency


@never_cache
@require_http_methods(GET_POST)
@page_limited("agency")
@step_requires("verified")
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
            if rate_limited(
                request, group="agency", identification=state["identification"]
            ):
                return too_many_requests(request, None)
            try:
                holder = holder_require(
                    procedure_type=procedure_type,
                    identification=state["identification"],
                    employer_identification=agency_form.cleaned_data.get(
                        "employer", ""
                    ),
                )
            except ApplicationError as error:
                agency_form.add_error(None, error.message)
            else:
                existing = turn_active_conflicting(
                    identification=state["identification"],
                    procedure_type=procedure_type,
                    employer_identification=holder.employer_identification,
                )
                if existing is not None:
                    return existing_turn_notice(request, existing)
                state.update(
                    agency_id=agency_form.cleaned_data["agency"].pk,
                    procedure_type_id=procedure_type.pk,
                    employer_identification=holder.employer_identification,
                    holder_role=holder.role,
                    holder_names=holder.names,
                    employer_ok=employer_proof_initial(holder=holder, state=state),
                )
                state.pop("employer_proof_id", None)
                _choice_clear(state)
                state_save(request, state)
                if not state["employer_ok"]:
                    return redirect("appointments:employer_proof")
                return redirect("appointments:schedule")
    elif request.method == "POST":
        return redirect("appointments:agency")
    return render(
        request,
        "appointments/agency.html",
        {"search": search, "agency_form": agency_form},
    )


# --- g: day and hour, with the confirmation question ("Sí")


@never_cache
@require_safe
@page_limited("schedule")
@step_requires("employer_ok")
def schedule(request: HttpRequest, state: dict) -> HttpResponse:
    return schedule_page(
        request,
        state=state,
        confirm_url=reverse("appointments:schedule_confirm"),
        template="appointments/schedule.html",
    )


@never_cache
@require_http_methods(GET_POST)
@step_requires("employer_ok")
def schedule_confirm(request: HttpRequest, state: dict) -> HttpResponse:
    """The confirmation window of step g as a page, so *Sí* works without JavaScript."""
    agency, procedure_type = selection_get(state)
    data = request.POST if request.method == "POST" else request.GET
    starts_at = start_parse(data.get("inicio", ""))
    problem = slot_check(agency, starts_at)
    if problem:
        messages.error(request, problem)
        return redirect("appointments:schedule")
    if request.method == "POST":
        _choice_clear(state)
        state.update(choice="turno", starts_at=starts_at.isoformat())
        state_save(request, state)
        return redirect("appointments:summary")
    return render(
        request,
        "appointments/schedule_confirm.html",
        {
            "agency": agency,
            "procedure_type": procedure_type,
            "when": when_label(starts_at, agency.slot_end(starts_at)),
            "inicio": data.get("inicio"),
            "back_url": reverse("appointments:schedule"),
        },
    )


def _choice_clear(state: dict) -> None:
    # "sin_lugar": *Confirmar* found no seat left, so step g offers the waiting list.
    for key in ("choice", "starts_at", "application", "sin_lugar"):
        state.pop(key, None)


@never_cache
@require_POST
@step_requires("employer_ok")
def schedule_apply(request: HttpRequest, state: dict) -> HttpResponse:
    """Step g on a drawn day: the hours asked for go to the summary (h)."""
    agency, _procedure_type = selection_get(state)
    day = DayForm(request.POST).day()
    days = {d.date: d for d in slot_calendar(agency=agency, now=timezone.now())}
    chosen = days.get(day)
    if chosen is None or not chosen.takes_applications:
        messages.error(request, _("Ese día ya no recibe solicitudes. Elija otro día."))
        return redirect("appointments:schedule")
    form = ApplicationForm(
        request.POST, hours=[slot.time_label for slot in chosen.slots]
    )
    if not form.is_valid():
        for error in form.non_field_errors():
            messages.error(request, error)
        return redirect(reverse("appointments:schedule") + f"?dia={day.isoformat()}")
    _choice_clear(state)
    state.update(
        choice="solicitud",
        application={
            "day": day.isoformat(),
            "hours": form.cleaned_data["hours"],
            "any_hour": form.cleaned_data["cualquier_hora"],
        },
    )
    state_save(request, state)
    return redirect("appointments:summary")


# --- h: summary and Confirmar


@never_cache
@require_http_methods(GET_POST)
@step_requires("choice")
def summary(request: HttpRequest, state: dict) -> HttpResponse:
    agency, procedure_type = selection_get(state)
    if state["choice"] == "solicitud":
        return application_summary(request, state, agency, procedure_type)
    starts_at = datetime.datetime.fromisoformat(state["starts_at"])
    if request.method == "POST":
        if rate_limited(request, group="book", identification=state["identification"]):
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
                employer_identification=state.get("employer_identification", ""),
                **employer_proof_arguments(state),
            )
        except ActiveTurnError as error:
            if error.turn is not None:
                return existing_turn_notice(request, error.turn)
            messages.error(request, error.message)
            return redirect("appointments:agency")
        except ApplicationError as error:
            messages.error(request, error.message)
            _choice_clear(state)
            again = employer_proof_again(request, state, error)
            if again is not None:
                return again
            if error.extra.get("code") == "not_verified":
                state["verified"] = False
                state_save(request, state)
                return redirect("appointments:verify")
            if error.extra.get("code") == "sin_disponibilidad":
                state["sin_lugar"] = True
            state_save(request, state)
            return redirect("appointments:schedule")
        _choice_clear(state)
        state_save(request, state)
        return redirect("appointments:turn_detail", token=turn_link_token(turn=turn))
    return render(
        request,
        "appointments/summary.html",
        {
            **person_summary(state),
            "agency": agency,
            "procedure_type": procedure_type,
            "when": when_label(starts_at, agency.slot_end(starts_at)),
        },
    )
