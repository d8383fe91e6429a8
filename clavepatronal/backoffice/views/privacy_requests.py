"""Delegado de protección de datos: the rights requests' queue with its
working-day clock, taking a request and answering it (LOPDP Arts. 13-19)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from clavepatronal.core.constants import GET_POST
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.privacy.forms import AnswerForm
from clavepatronal.privacy.models import RequestStatus, RightsRequest
from clavepatronal.privacy.selectors.rights import request_clock, rights_queue
from clavepatronal.privacy.services.rights import (
    rights_answer_suggestion,
    rights_request_close,
    rights_request_take,
    rights_request_view_record,
)

from ..constants import RIGHTS, RIGHTS_DEADLINES
from ..selectors.scope import StaffScope
from .common import action_run, staff_required


@require_safe
@staff_required(RIGHTS_DEADLINES)
def request_list(request: HttpRequest, scope: StaffScope) -> HttpResponse:
    status = request.GET.get("estado", "")
    if status not in RequestStatus.values:
        status = ""
    return render(
        request,
        "backoffice/privacy_requests.html",
        {
            "scope": scope,
            "clocks": rights_queue(status=status),
            "status": status,
            "statuses": RequestStatus.choices,
        },
    )


def _request_or_404(number: str) -> RightsRequest:
    found = RightsRequest.objects.filter(number=number).first()
    if found is None:
        raise Http404
    return found


@require_http_methods(GET_POST)
@staff_required(RIGHTS)
def request_detail(request: HttpRequest, scope: StaffScope, number: str):
    rights_request = _request_or_404(number)
    form = AnswerForm(
        request.POST or None,
        initial={"answer": rights_answer_suggestion(request=rights_request)},
    )
    if request.method == "POST" and form.is_valid():
        rejected = form.cleaned_data["decision"] == "rechazar"
        try:
            rights_request_close(
                request=rights_request,
                officer=request.user,
                answer=form.cleaned_data["answer"],
                rejected=rejected,
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Respuesta registrada y enviada por correo a la persona.")
            )
            return redirect("backoffice:privacy_request", number=number)
    if request.method != "POST":
        rights_request_view_record(request=rights_request, officer=request.user)
    return render(
        request,
        "backoffice/privacy_request.html",
        {
            "scope": scope,
            "clock": request_clock(request=rights_request),
            "rights_request": rights_request,
            "form": form,
        },
    )


@require_POST
@staff_required(RIGHTS)
def request_take(request: HttpRequest, scope: StaffScope, number: str):
    rights_request = _request_or_404(number)
    return action_run(
        request,
        lambda: rights_request_take(request=rights_request, officer=request.user),
        success=_("La solicitud está en trámite a su nombre."),
        then="backoffice:privacy_request",
        number=number,
    )
