"""The turn's own pages behind its signed link: confirmation, PDF, .ics, cancel,
reschedule."""

from functools import wraps

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_safe,
)

from clavepatronal.catalogue.constants import Channel
from clavepatronal.catalogue.selectors import requirement_list
from clavepatronal.core.constants import GET_POST
from clavepatronal.core.errors import too_many_requests
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.documents.responses import file_response

from ..constants import TurnStatus
from ..documents import turn_ics, turn_notes, turn_pdf, turn_when_label, when_label
from ..models import Turn
from ..selectors import (
    turn_from_link,
    turn_link_token,
)
from ..services import (
    turn_cancel,
    turn_reschedule,
)
from .calendar import calendar_page
from .common import rate_limited, slot_check, start_parse


def _turn_or_gone(request: HttpRequest, token: str) -> Turn | HttpResponse:
    turn = turn_from_link(token=token, now=timezone.now())
    if turn is None:
        return render(request, "appointments/link_invalid.html", status=404)
    return turn


def _turn_view(view=None, *, confirmed: bool = False):
    """Pass the turn of the signed link; `confirmed`: only once it is RESERVADO
    (the PDF, the calendar and rescheduling wait for the employer's confirmation)."""
    if view is None:
        return lambda view: _turn_view(view, confirmed=confirmed)

    @wraps(view)
    def wrapper(request, token: str, *args, **kwargs):
        turn = _turn_or_gone(request, token)
        if isinstance(turn, HttpResponse):
            return turn
        if confirmed and turn.status != TurnStatus.RESERVADO:
            return redirect("appointments:turn_detail", token=token)
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
@_turn_view(confirmed=True)
def turn_pdf_download(request: HttpRequest, turn: Turn, token: str) -> HttpResponse:
    return file_response(
        turn_pdf(turn=turn),
        filename=f"turno-{turn.code}.pdf",
        content_type="application/pdf",
    )


@require_safe
@_turn_view(confirmed=True)
def turn_ics_download(request: HttpRequest, turn: Turn, token: str) -> HttpResponse:
    return file_response(
        turn_ics(turn=turn),
        filename=f"turno-{turn.code}.ics",
        content_type="text/calendar; charset=utf-8",
    )


@require_http_methods(GET_POST)
@_turn_view
def turn_cancel_view(request: HttpRequest, turn: Turn, token: str) -> HttpResponse:
    if request.method == "POST":
        if rate_limited(request, group="manage", identification=turn.identification):
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
@_turn_view(confirmed=True)
def turn_reschedule_view(request: HttpRequest, turn: Turn, token: str) -> HttpResponse:
    return calendar_page(
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
@_turn_view(confirmed=True)
def turn_reschedule_confirm(
    request: HttpRequest, turn: Turn, token: str
) -> HttpResponse:
    agency = turn.slot.agency
    data = request.POST if request.method == "POST" else request.GET
    starts_at = start_parse(data.get("inicio", ""))
    problem = slot_check(agency, starts_at)
    if problem:
        messages.error(request, problem)
        return redirect("appointments:turn_reschedule", token=token)
    if request.method == "POST":
        if rate_limited(request, group="manage", identification=turn.identification):
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
            "when": when_label(starts_at, agency.slot_end(starts_at)),
            "inicio": data.get("inicio"),
            "back_url": reverse("appointments:turn_reschedule", args=[token]),
            "rescheduling": True,
        },
    )
