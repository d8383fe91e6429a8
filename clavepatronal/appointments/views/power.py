"""«Registro de poder notarial» from step f: an apoderado whom no registration names
yet files the notarized power for the employer; the registration's e-mail is told,
the province's delegado jurídico validates it, and then the apoderado books alone."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from clavepatronal.core.constants import GET_POST
from clavepatronal.core.errors import too_many_requests
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.employers.selectors import registration_active_get
from clavepatronal.employers.services import power_file_online
from clavepatronal.identity.validators import identification_compact

from ..forms import ApoderadoPowerForm
from .common import rate_limited, step_requires


@never_cache
@require_http_methods(GET_POST)
@step_requires("verified")
def power_file(request: HttpRequest, state: dict) -> HttpResponse:
    form = ApoderadoPowerForm(request.POST or None, request.FILES or None, state=state)
    if request.method == "POST" and form.is_valid():
        if rate_limited(request, group="power", identification=state["identification"]):
            return too_many_requests(request, None)
        registration = registration_active_get(
            identification=identification_compact(form.cleaned_data["employer"])
        )
        try:
            if registration is not None:
                power_file_online(
                    registration=registration,
                    province=form.cleaned_data["province"],
                    data=form.power_data(),
                    scan=form.cleaned_data["scan"],
                    filed_by=f"apoderado {state['identification']} (turnos)",
                )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            # The same words whether or not the RUC has a registration.
            messages.success(
                request,
                _(
                    "Si ese RUC tiene un Registro nuevo empleador activo, el poder "
                    "quedó registrado y avisamos al correo del empleador. Cuando el "
                    "delegado jurídico lo valide, podrá reservar su turno aquí "
                    "mismo, sin más trámites."
                ),
            )
            return redirect("appointments:agency")
    return render(request, "appointments/power_file.html", {"form": form})
