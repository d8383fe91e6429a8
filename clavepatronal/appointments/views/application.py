"""Applications for a drawn day: the summary and «Confirmar» (step h), the
applicant's own page, and the public page where anyone checks a draw."""

import datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from clavepatronal.core.errors import too_many_requests
from clavepatronal.core.exceptions import ApplicationError

from ..constants import APPLICATION_LIVE_STATUSES, ApplicationStatus, DrawStatus
from ..models import Agency
from ..selectors.draws import (
    application_from_link,
    application_link_token,
    application_pseudonym,
    draw_day_get,
    draw_verify,
    draws_published,
)
from ..services import (
    ActiveTurnError,
    ApplicationExistsError,
    application_cancel,
    application_exists_check,
    application_file,
    application_link_resend,
)
from .common import (
    existing_turn_notice,
    person_summary,
    rate_limited,
    state_save,
)
from .employer import employer_proof_again, employer_proof_arguments


def application_summary(request, state, agency, procedure_type) -> HttpResponse:
    """Step h for a drawn day: what will be filed; «Confirmar» files it."""
    wanted = state["application"]
    day = datetime.date.fromisoformat(wanted["day"])
    draw = draw_day_get(agency=agency, day=day)
    if request.method == "POST":
        if rate_limited(request, group="book", identification=state["identification"]):
            return too_many_requests(request, None)
        existing = application_exists_check(
            identification=state["identification"],
            procedure_type=procedure_type,
            employer=state.get("employer_identification", ""),
        )
        if existing is not None:
            return _application_exists_notice(request, existing)
        try:
            application = application_file(
                verification_id=state["verification_id"],
                identification_type=state["identification_type"],
                identification=state["identification"],
                email=state["email"],
                mobile=state["mobile"],
                agency=agency,
                procedure_type=procedure_type,
                day=day,
                hours=wanted["hours"],
                any_hour=wanted["any_hour"],
                employer_identification=state.get("employer_identification", ""),
                **employer_proof_arguments(state),
            )
        except ApplicationExistsError as error:
            messages.error(request, error.message)
            return redirect("appointments:start")
        except ActiveTurnError as error:
            return existing_turn_notice(request, error.turn)
        except ApplicationError as error:
            messages.error(request, error.message)
            return employer_proof_again(request, state, error) or redirect(
                "appointments:schedule"
            )
        for key in ("choice", "application"):
            state.pop(key, None)
        state_save(request, state)
        token = application_link_token(application=application)
        return redirect("appointments:application_detail", token=token)
    return render(
        request,
        "appointments/application_summary.html",
        {
            **person_summary(state),
            "agency": agency,
            "procedure_type": procedure_type,
            "day": day,
            "hours": wanted["hours"],
            "any_hour": wanted["any_hour"],
            "draw": draw,
        },
    )


def _application_exists_notice(request, application) -> HttpResponse:
    """Like a turn that already exists: nothing shown, the link mailed to its own
    address (at most once in a while)."""
    application_link_resend(application=application)
    return render(
        request, "appointments/existing.html", {"application": True}, status=409
    )


@never_cache
@require_safe
def application_detail(request: HttpRequest, token: str) -> HttpResponse:
    application = application_from_link(token=token)
    if application is None:
        raise Http404
    draw = draw_day_get(agency=application.agency, day=application.day)
    return render(
        request,
        "appointments/application_detail.html",
        {
            "application": application,
            "token": token,
            "pseudonym": application_pseudonym(application.pk),
            "draw": draw,
            "pending": application.status in APPLICATION_LIVE_STATUSES,
            "waiting": application.status == ApplicationStatus.POR_CONFIRMAR,
        },
    )


@never_cache
@require_POST
def application_cancel_view(request: HttpRequest, token: str) -> HttpResponse:
    application = application_from_link(token=token)
    if application is None:
        raise Http404
    try:
        application_cancel(application=application)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Su solicitud fue cancelada."))
    return redirect("appointments:application_detail", token=token)


@require_safe
def draws_list(request: HttpRequest) -> HttpResponse:
    """Anyone: the published draws by agency and day, each linking to its page."""
    now = timezone.now()
    return render(
        request,
        "appointments/draws.html",
        {
            "agencies": draws_published(today=timezone.localdate(now)),
            "now": now,
            "drawn": DrawStatus.REALIZADO,
        },
    )


def _draw_or_404(agency_id: int, day: str):
    try:
        day = datetime.date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    agency = get_object_or_404(Agency, pk=agency_id)
    draw = draw_day_get(agency=agency, day=day)
    if draw is None:
        raise Http404
    return draw


@require_safe
def draw_public(request: HttpRequest, agency_id: int, day: str) -> HttpResponse:
    """Anyone: the seed's hash (before), and after the draw the seed, the entries,
    the result and the recomputation of it."""
    draw = _draw_or_404(agency_id, day)
    done = draw.status == DrawStatus.REALIZADO
    return render(
        request,
        "appointments/draw_public.html",
        {
            "draw": draw,
            "done": done,
            "check": draw_verify(draw) if done else None,
            "assigned": sorted((draw.result or {}).get("assigned", {}).items()),
            "now": timezone.now(),
        },
    )


@require_safe
def draw_public_json(request: HttpRequest, agency_id: int, day: str) -> JsonResponse:
    """The published data, to recompute the draw elsewhere (docs/turnos.md)."""
    draw = _draw_or_404(agency_id, day)
    done = draw.status == DrawStatus.REALIZADO
    return JsonResponse(
        {
            "agencia": draw.agency.name,
            "dia": draw.day.isoformat(),
            "solicitudes_desde": draw.opens_at.isoformat(),
            "sorteo": draw.closes_at.isoformat(),
            "sha256_semilla": draw.seed_hash,
            "semilla": draw.seed if done else None,
            "lugares": (draw.result or {}).get("pool", []) if done else None,
            "solicitudes": (draw.result or {}).get("entries", []) if done else None,
            "asignacion": (draw.result or {}).get("assigned", {}) if done else None,
        },
        json_dumps_params={"ensure_ascii": False},
    )
