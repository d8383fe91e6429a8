from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from clavepatronal.procedures.constants import CLAVE_PATRONAL_CODE, Channel
from clavepatronal.procedures.models import ProcedureType
from clavepatronal.procedures.selectors import requirement_list


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    """Turnos para atención al ciudadano: the steps and what to bring in person."""
    procedure_type = get_object_or_404(ProcedureType, code=CLAVE_PATRONAL_CODE)
    requirements = requirement_list(
        procedure_type=procedure_type, channel=Channel.PRESENCIAL
    )
    return render(
        request,
        "appointments/start.html",
        {"procedure_type": procedure_type, "requirements": requirements},
    )
