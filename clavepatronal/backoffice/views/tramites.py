"""Virtual queue: the province's trámites; take one, look at every file, act."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from clavepatronal.documents.responses import file_response
from clavepatronal.procedures.constants import TRAMITE_TRANSITIONS, TramiteStatus
from clavepatronal.procedures.services import (
    attachment_view_record,
    tramite_approve,
    tramite_observe,
    tramite_reject,
    tramite_review_start,
    tramite_view_record,
)

from ..constants import REVIEW
from ..forms import ObserveForm, QueueFilterForm, RejectForm
from ..selectors.scope import StaffScope
from ..selectors.tramites import (
    attachment_for_staff,
    tramite_checklist,
    tramite_for_staff,
    tramite_queue,
)
from .common import action_run, staff_required

PAGE_SIZE = 25


@require_safe
@staff_required(REVIEW)
def queue(request: HttpRequest, scope: StaffScope) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    tramites = tramite_queue(
        scope=scope,
        status=filters.get("estado") or "",
        procedure_type_id=filters["tramite"].pk if filters.get("tramite") else None,
        older_than_days=int(filters["antiguedad"])
        if filters.get("antiguedad")
        else None,
    )
    page = Paginator(tramites, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "backoffice/queue.html",
        {"scope": scope, "form": form, "page": page, "query": query.urlencode()},
    )


def _tramite_or_404(scope: StaffScope, number: str):
    tramite = tramite_for_staff(scope=scope, number=number)
    if tramite is None:
        raise Http404
    return tramite


def _detail(
    request, scope, tramite, *, observe_form=None, reject_form=None, status=200
):
    mine = tramite.assigned_to_id == request.user.pk
    allowed = TRAMITE_TRANSITIONS[TramiteStatus(tramite.status)]
    return render(
        request,
        "backoffice/tramite.html",
        {
            "scope": scope,
            "tramite": tramite,
            "checklist": tramite_checklist(tramite=tramite),
            "can_take": TramiteStatus.EN_REVISION in allowed,
            "can_act": mine and tramite.status == TramiteStatus.EN_REVISION,
            "can_reject": mine and TramiteStatus.RECHAZADO in allowed,
            "observe_form": observe_form or _observe_form(tramite),
            "reject_form": reject_form or RejectForm(),
        },
        status=status,
    )


def _observe_form(tramite, data=None) -> ObserveForm:
    return ObserveForm(
        data,
        requirements=[
            (a.requirement_code, a.requirement_name)
            for a in tramite.current_attachments
        ],
    )


@require_safe
@staff_required(REVIEW)
def detail(request: HttpRequest, scope: StaffScope, number: str) -> HttpResponse:
    tramite = _tramite_or_404(scope, number)
    tramite_view_record(tramite=tramite, actor=request.user)
    return _detail(request, scope, tramite)


@require_POST
@staff_required(REVIEW)
def take(request: HttpRequest, scope: StaffScope, number: str) -> HttpResponse:
    tramite = _tramite_or_404(scope, number)
    return action_run(
        request,
        lambda: tramite_review_start(tramite=tramite, actor=request.user),
        success=_("Tomó el trámite: está en revisión a su nombre."),
        then="backoffice:tramite",
        number=number,
    )


@require_POST
@staff_required(REVIEW)
def observe(request: HttpRequest, scope: StaffScope, number: str) -> HttpResponse:
    tramite = _tramite_or_404(scope, number)
    form = _observe_form(tramite, request.POST)
    if not form.is_valid():
        return _detail(request, scope, tramite, observe_form=form, status=400)
    return action_run(
        request,
        lambda: tramite_observe(
            tramite=tramite,
            actor=request.user,
            items=form.cleaned_data["items"],
            general=form.cleaned_data["general"],
        ),
        success=_("Observaciones enviadas al solicitante con el enlace para corregir."),
        then="backoffice:tramite",
        number=number,
    )


@require_POST
@staff_required(REVIEW)
def reject(request: HttpRequest, scope: StaffScope, number: str) -> HttpResponse:
    tramite = _tramite_or_404(scope, number)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _detail(request, scope, tramite, reject_form=form, status=400)
    return action_run(
        request,
        lambda: tramite_reject(
            tramite=tramite, actor=request.user, reason=form.cleaned_data["reason"]
        ),
        success=_("Trámite rechazado; se informó al solicitante."),
        then="backoffice:tramite",
        number=number,
    )


@require_POST
@staff_required(REVIEW)
def approve(request: HttpRequest, scope: StaffScope, number: str) -> HttpResponse:
    tramite = _tramite_or_404(scope, number)
    return action_run(
        request,
        lambda: tramite_approve(tramite=tramite, actor=request.user),
        success=_(
            "Trámite aprobado. Si emite una clave, el enlace se envió por correo: al "
            "correo verificado del empleador o, en un restablecimiento con firma "
            "electrónica, al correo nuevo de la solicitud."
        ),
        then="backoffice:tramite",
        number=number,
    )


@require_safe
@staff_required(REVIEW)
def attachment(
    request: HttpRequest, scope: StaffScope, number: str, pk: int
) -> HttpResponse:
    """A file, inline, through the province check; every view is logged."""
    found = attachment_for_staff(scope=scope, number=number, pk=pk)
    if found is None:
        raise Http404
    attachment_view_record(
        attachment=found, actor=request.user, actor_label=request.user.get_username()
    )
    return file_response(
        found.file.open("rb"),
        filename=found.download_name,
        content_type=found.content_type,
        inline=True,
    )
