"""Administrador and delegado de protección de datos: the breach register, its
two clocks (Authority, Art. 43; people affected, Art. 46) and the notices."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from clavepatronal.core.constants import GET_POST
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.privacy.forms import BreachForm
from clavepatronal.privacy.models import BreachIncident
from clavepatronal.privacy.selectors.rights import breach_affected_employers
from clavepatronal.privacy.services.breaches import (
    breach_authority_mark,
    breach_people_notify,
    breach_record,
)

from ..constants import BREACHES
from ..selectors.scope import StaffScope
from .common import action_run, staff_required


@require_http_methods(GET_POST)
@staff_required(BREACHES)
def breach_list(request: HttpRequest, scope: StaffScope) -> HttpResponse:
    form = BreachForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        incident = breach_record(**form.cleaned_data, recorded_by=request.user)
        messages.success(request, _("Incidente registrado. Corren los plazos legales."))
        return redirect("backoffice:breach", pk=incident.pk)
    return render(
        request,
        "backoffice/breaches.html",
        {
            "scope": scope,
            "form": form,
            "incidents": BreachIncident.objects.all()[:100],
            "today": timezone.localdate(),
        },
    )


def _incident_or_404(pk: int) -> BreachIncident:
    incident = BreachIncident.objects.filter(pk=pk).first()
    if incident is None:
        raise Http404
    return incident


@require_safe
@staff_required(BREACHES)
def breach_detail(request: HttpRequest, scope: StaffScope, pk: int) -> HttpResponse:
    incident = _incident_or_404(pk)
    return render(
        request,
        "backoffice/breach.html",
        {
            "scope": scope,
            "incident": incident,
            "affected": breach_affected_employers(incident=incident),
            "today": timezone.localdate(),
        },
    )


@require_POST
@staff_required(BREACHES)
def breach_authority(request: HttpRequest, scope: StaffScope, pk: int):
    incident = _incident_or_404(pk)
    return action_run(
        request,
        lambda: breach_authority_mark(incident=incident, officer=request.user),
        success=_("Registrada la notificación a la Autoridad."),
        then="backoffice:breach",
        pk=pk,
    )


@require_POST
@staff_required(BREACHES)
def breach_notify(request: HttpRequest, scope: StaffScope, pk: int):
    incident = _incident_or_404(pk)
    try:
        sent = breach_people_notify(incident=incident, officer=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            ngettext(
                "Aviso enviado a %(n)d empleador.",
                "Aviso enviado a %(n)d empleadores.",
                sent,
            )
            % {"n": sent},
        )
    return redirect("backoffice:breach", pk=pk)
