"""«Turno asistido»: an officer books for a person at the counter or on the phone.
Who (and the proof), the employer's code by phone, day and hour, the result with
its printable confirmation; and the administrators' count per officer. Every rule
is the booking services' (turn_book, application_file with `assisted`); the pages
only carry the person's data from one step to the next, in the officer's session.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from clavepatronal.appointments.constants import TurnChannel
from clavepatronal.appointments.documents import turn_pdf
from clavepatronal.appointments.selectors.assisted import (
    assisted_application_get,
    assisted_turn_get,
)
from clavepatronal.appointments.services.booking import ActiveTurnError
from clavepatronal.core.constants import GET_POST
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.documents.responses import file_response

from ..constants import ASSISTED, ASSISTED_REPORT
from ..forms_assisted import AssistedPersonForm
from ..selectors.assisted import assisted_desk, assisted_report
from ..selectors.scope import StaffScope
from .assisted_steps import (
    ACTIVE_MESSAGE,
    code_page,
    person_state,
    result_context,
    schedule_page,
    state_get,
    state_save,
    who_check,
)
from .common import staff_required


@require_http_methods(GET_POST)
@staff_required(ASSISTED)
def start(request: HttpRequest, scope: StaffScope) -> HttpResponse:
    """Who the turn is for, and at the counter the original document seen."""
    desk = assisted_desk(scope=scope)
    context = {"scope": scope, "desk": desk}
    if not desk.channel or not desk.identification:
        return render(request, "backoffice/assisted_start.html", context, status=403)
    form = AssistedPersonForm(
        request.POST or None, desk=desk, initial=state_get(request).get("initial")
    )
    if request.method == "POST" and form.is_valid():
        try:
            holder = who_check(request, form, desk)
        except ActiveTurnError:
            form.add_error(None, ACTIVE_MESSAGE)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            state_save(request, person_state(form, holder))
            by_phone = desk.channel == TurnChannel.TELEFONO
            if by_phone and holder.registration is not None:
                return redirect("backoffice:assisted_code")
            return redirect("backoffice:assisted_schedule")
    status = 400 if form.errors else 200
    return render(
        request,
        "backoffice/assisted_start.html",
        {**context, "form": form},
        status=status,
    )


@require_http_methods(GET_POST)
@staff_required(ASSISTED)
def code(request: HttpRequest, scope: StaffScope) -> HttpResponse:
    """By phone, for an employer's turn: «Enviar código al correo del registro»,
    and the code the caller reads back."""
    return code_page(request, scope)


@require_http_methods(GET_POST)
@staff_required(ASSISTED)
def schedule(request: HttpRequest, scope: StaffScope) -> HttpResponse:
    """Day and hour (or, on a drawn day, up to three preferred hours)."""
    return schedule_page(request, scope)


@require_safe
@staff_required(ASSISTED)
def turn_result(request: HttpRequest, scope: StaffScope, code: str) -> HttpResponse:
    turn = assisted_turn_get(officer=request.user, code=code)
    if turn is None:
        raise Http404
    return render(
        request,
        "backoffice/assisted_turn.html",
        {"scope": scope, **result_context(turn)},
    )


@require_safe
@staff_required(ASSISTED)
def turn_print(request: HttpRequest, scope: StaffScope, code: str) -> HttpResponse:
    """«Imprimir confirmación»: the turn's own PDF, with its code and QR."""
    turn = assisted_turn_get(officer=request.user, code=code)
    if turn is None:
        raise Http404
    return file_response(
        turn_pdf(turn=turn),
        filename=f"turno-{turn.code}.pdf",
        content_type="application/pdf",
    )


@require_safe
@staff_required(ASSISTED)
def application_result(
    request: HttpRequest, scope: StaffScope, pk: int
) -> HttpResponse:
    application = assisted_application_get(officer=request.user, pk=pk)
    if application is None:
        raise Http404
    return render(
        request,
        "backoffice/assisted_application.html",
        {"scope": scope, **result_context(application)},
    )


@require_safe
@staff_required(ASSISTED_REPORT)
def report(request: HttpRequest, scope: StaffScope) -> HttpResponse:
    """Turnos asistidos por servidor: each officer's turns and applications by
    channel, today and in the last 7 and 30 days, against the daily limit."""
    return render(
        request,
        "backoffice/assisted_report.html",
        {
            "scope": scope,
            "rows": assisted_report(scope=scope, now=timezone.now()),
            "limit": settings.TURNOS_ASSISTED_DAILY_LIMIT,
        },
    )
