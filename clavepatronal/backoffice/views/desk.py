"""In-person desk: today's turns at my agency, one turn, the attention, the key."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from clavepatronal.appointments.constants import TurnStatus
from clavepatronal.appointments.selectors import turn_blocked_by_employer
from clavepatronal.appointments.services import turn_no_show_register, turn_view_record
from clavepatronal.catalogue.constants import CLAVE_PATRONAL_CODE
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.core.headers import permissions_policy
from clavepatronal.documents.responses import file_response
from clavepatronal.employers.constants import RecipientRole
from clavepatronal.employers.forms import PowerForm

from ..constants import DESK
from ..forms import ArrivalForm, EmployerFindForm, IssueForm, TurnFindForm
from ..selectors.desk import (
    desk_powers,
    desk_requirements,
    desk_service_get,
    desk_stamped_powers,
    turn_code_read,
    turn_for_staff,
    turns_by_hour,
)
from ..selectors.scope import StaffScope
from ..services.desk import (
    desk_arrival_register,
    desk_attention_close,
    desk_clave_issue,
    desk_employer_set,
    desk_power_record,
)
from .common import action_run, staff_required


@require_safe
@staff_required(DESK)
@permissions_policy(camera="(self)")  # the QR reader (backoffice/qr.js)
def today(request: HttpRequest, scope: StaffScope) -> HttpResponse:
    """Today's turns by hour, and the box to find one by code or QR."""
    form = TurnFindForm(request.GET or None)
    if request.GET and form.is_valid():
        code = turn_code_read(form.cleaned_data["codigo"])
        turn = turn_for_staff(scope=scope, code=code) if code else None
        if turn is not None:
            return redirect("backoffice:turn", code=turn.code)
        form.add_error(
            "codigo",
            _("No hay un turno con ese código en su agencia. Revise el código."),
        )
    day = timezone.localdate()
    return render(
        request,
        "backoffice/desk_today.html",
        {
            "scope": scope,
            "form": form,
            "day": day,
            "hours": turns_by_hour(scope=scope, day=day),
        },
    )


def _turn_or_404(scope: StaffScope, code: str):
    turn = turn_for_staff(scope=scope, code=code)
    if turn is None:
        raise Http404
    return turn


def _page(request, scope, turn, *, forms=None, status=200):
    service = desk_service_get(turn=turn)
    context = {
        "scope": scope,
        "turn": turn,
        "service": service,
        "is_clave": turn.procedure_type.code == CLAVE_PATRONAL_CODE,
        "can_arrive": turn.status == TurnStatus.RESERVADO
        and timezone.localtime(turn.slot.starts_at).date() == timezone.localdate(),
        "arrival_form": ArrivalForm(),
        "can_no_show": turn.status == TurnStatus.RESERVADO
        and turn.slot.starts_at <= timezone.now(),
        "roles": RecipientRole,
        "holder_role_label": (
            RecipientRole(turn.holder_role).label if turn.holder_role else ""
        ),
        "not_me": turn_blocked_by_employer(turn=turn),
    }
    if service is not None and service.registration is not None:
        requirements = desk_requirements(registration=service.registration)
        stamped = list(desk_stamped_powers(service=service))
        context.update(
            powers=list(desk_powers(service=service)),
            issue_form=IssueForm(requirements=requirements, powers=stamped),
            power_form=PowerForm(),
        )
    elif service is not None:
        context["employer_form"] = EmployerFindForm()
    context.update(forms or {})
    return render(request, "backoffice/desk_turn.html", context, status=status)


@require_safe
@staff_required(DESK)
def turn_view(request: HttpRequest, scope: StaffScope, code: str) -> HttpResponse:
    turn = _turn_or_404(scope, code)
    turn_view_record(turn=turn, actor=request.user)
    return _page(request, scope, turn)


@require_POST
@staff_required(DESK)
def arrival(request: HttpRequest, scope: StaffScope, code: str) -> HttpResponse:
    """Registrar llegada: the person's document against the turn's holder; on a
    mismatch the page shows both side by side."""
    turn = _turn_or_404(scope, code)
    form = ArrivalForm(request.POST)
    if form.is_valid():
        try:
            desk_arrival_register(
                turn=turn,
                officer=request.user,
                presented_identification=form.cleaned_data["presented_identification"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Llegada registrada. Continúe con la atención.")
            )
            return redirect("backoffice:turn", code=code)
    return _page(request, scope, turn, forms={"arrival_form": form}, status=400)


@require_POST
@staff_required(DESK)
def close(request: HttpRequest, scope: StaffScope, code: str) -> HttpResponse:
    turn = _turn_or_404(scope, code)
    service = _service_or_404(turn)
    return action_run(
        request,
        lambda: desk_attention_close(service=service, officer=request.user),
        success=_("Atención cerrada: el turno quedó atendido."),
        then="backoffice:turn",
        code=code,
    )


@require_POST
@staff_required(DESK)
def no_show(request: HttpRequest, scope: StaffScope, code: str) -> HttpResponse:
    turn = _turn_or_404(scope, code)
    return action_run(
        request,
        lambda: turn_no_show_register(turn=turn, actor=request.user),
        success=_("Turno marcado como «No asistió»."),
        then="backoffice:turn",
        code=code,
    )


def _service_or_404(turn):
    service = desk_service_get(turn=turn)
    if service is None:
        raise Http404
    return service


@require_POST
@staff_required(DESK)
def employer(request: HttpRequest, scope: StaffScope, code: str) -> HttpResponse:
    turn = _turn_or_404(scope, code)
    service = _service_or_404(turn)
    form = EmployerFindForm(request.POST)
    if not form.is_valid():
        return _page(request, scope, turn, forms={"employer_form": form}, status=400)
    try:
        desk_employer_set(
            service=service,
            identification=form.cleaned_data["identification"],
            officer=request.user,
        )
    except ApplicationError as error:
        form.add_error("identification", error.message)
        return _page(request, scope, turn, forms={"employer_form": form}, status=400)
    return redirect("backoffice:turn", code=code)


@require_POST
@staff_required(DESK)
def power(request: HttpRequest, scope: StaffScope, code: str) -> HttpResponse:
    turn = _turn_or_404(scope, code)
    service = _service_or_404(turn)
    form = PowerForm(request.POST)
    if form.is_valid():
        try:
            desk_power_record(
                service=service, officer=request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Poder registrado. El delegado jurídico de la provincia debe "
                    "validarlo y sellarlo antes de emitir la clave al apoderado."
                ),
            )
            return redirect("backoffice:turn", code=code)
    return _page(request, scope, turn, forms={"power_form": form}, status=400)


@require_http_methods(["POST"])
@staff_required(DESK)
def issue(request: HttpRequest, scope: StaffScope, code: str) -> HttpResponse:
    """Emitir clave: the answer is the printable Acta (with the one-time code).
    It exists only in this response; the stored copy withholds the code."""
    turn = _turn_or_404(scope, code)
    service = _service_or_404(turn)
    if service.finished_at is not None or service.registration is None:
        messages.error(
            request,
            _("Esta atención ya terminó: la clave fue entregada.")
            if service.finished_at
            else _("Primero busque al empleador por su RUC."),
        )
        return redirect("backoffice:turn", code=code)
    form = IssueForm(
        request.POST,
        requirements=desk_requirements(registration=service.registration),
        powers=list(desk_stamped_powers(service=service)),
    )
    if form.is_valid():
        data = form.cleaned_data
        chosen = None
        if data["power"]:
            chosen = desk_powers(service=service).filter(pk=data["power"]).first()
        try:
            result = desk_clave_issue(
                service=service,
                officer=request.user,
                checklist=data["checklist"],
                signatures_checked=data["signatures"],
                identity_checked=data["identity_checked"],
                recipient_role=data["recipient_role"],
                recipient_names=data["recipient_names"],
                recipient_id_type=data["recipient_id_type"],
                recipient_identification=data["recipient_identification"],
                power=chosen,
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            return file_response(
                result.acta_pdf,
                filename=f"acta-entrega-{result.acta.code}.pdf",
                content_type="application/pdf",
            )
    return _page(request, scope, turn, forms={"issue_form": form}, status=400)
