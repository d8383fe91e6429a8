"""Pieces shared by the journey (steps a–h) and the turn's own pages."""

import datetime
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.core.errors import too_many_requests
from clavepatronal.core.ratelimits import (
    address_limited,
    ip_and_identification_limited,
)
from clavepatronal.employers.constants import RecipientRole
from clavepatronal.identity.constants import IdentificationType
from clavepatronal.identity.validators import phone_display

from ..constants import SESSION_KEY
from ..forms import SlotForm
from ..models import Agency, Turn
from ..selectors import (
    slot_free_seats,
    slot_unbookable_reason,
)
from ..services import turn_link_resend


def rate_limited(request: HttpRequest, *, group: str, identification: str) -> bool:
    """Per client IP and per identification; counted in the shared cache."""
    return ip_and_identification_limited(
        request,
        group=f"turnos-{group}",
        identification=identification,
        rate_per_ip=settings.TURNOS_RATE_PER_IP,
        rate_per_identification=settings.TURNOS_RATE_PER_IDENTIFICATION,
        rate_per_network=settings.TURNOS_RATE_PER_NETWORK,
    )


def page_rate_limited(request: HttpRequest, *, group: str) -> bool:
    """The pages a program would poll (day and hour, agencies), per address and
    per network."""
    return address_limited(
        request,
        group=f"turnos-page-{group}",
        rate_per_ip=settings.TURNOS_RATE_PAGES_PER_IP,
        rate_per_network=settings.TURNOS_RATE_PAGES_PER_NETWORK,
    )


def page_limited(group: str):
    """Refuse (429) a page this address or its network asks for too often."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            # Counted already when step g made its one trip (views.calendar_trip).
            counted = getattr(request, "calendar_trip_limited", {})
            limited = counted.get(group)
            if limited is None:
                limited = page_rate_limited(request, group=group)
            if limited:
                return too_many_requests(request, None)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def start_parse(value: str) -> datetime.datetime | None:
    form = SlotForm({"inicio": value})
    if not form.is_valid():
        return None
    return form.cleaned_data["inicio"]


def slot_check(agency: Agency, starts_at: datetime.datetime | None) -> str | None:
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


# --- journey state


def state_get(request: HttpRequest) -> dict:
    return dict(request.session.get(SESSION_KEY, {}))


def state_save(request: HttpRequest, state: dict) -> None:
    request.session[SESSION_KEY] = state


# Each step's requirement, in the seed's order: the first one missing sends the
# person back to the step that provides it.
STEPS = [
    ("identification", "appointments:identification"),
    ("verification_id", "appointments:contact"),
    ("verified", "appointments:verify"),
    ("agency_id", "appointments:agency"),
    # How the employer backs a clave turn (views.employer), or "no_aplica".
    ("employer_ok", "appointments:employer_proof"),
    # "turno" (an hour, with its starts_at) or "solicitud" (a drawn day's hours).
    ("choice", "appointments:schedule"),
]


def step_requires(key: str):
    """Pass the journey state to the view, or go back to the first step not done."""
    keys = [step_key for step_key, _url in STEPS]
    needed = STEPS[: keys.index(key) + 1]

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            state = state_get(request)
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


def selection_get(state: dict) -> tuple[Agency, ProcedureType]:
    agency = get_object_or_404(Agency, pk=state["agency_id"], is_active=True)
    procedure_type = get_object_or_404(ProcedureType, pk=state["procedure_type_id"])
    return agency, procedure_type


def existing_turn_notice(request: HttpRequest, turn: Turn) -> HttpResponse:
    """A turn already exists for this person (or employer): say so without showing
    it, and mail its link to the address it was booked with."""
    turn_link_resend(turn=turn)
    return render(request, "appointments/existing.html", status=409)


def person_summary(state: dict) -> dict:
    """What steps b–f said about the person, as the summaries (h) show it."""
    return {
        "state": state,
        "identification_type_label": IdentificationType(
            state["identification_type"]
        ).label,
        "mobile": phone_display(state["mobile"]),
        "employer_identification": state.get("employer_identification", ""),
        "employer_hours": settings.TURNOS_EMPLOYER_CONFIRM_HOURS,
        "holder_role": (
            RecipientRole(state["holder_role"]).label
            if state.get("holder_role")
            else ""
        ),
    }
