from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .constants import CLAVE_PATRONAL_CODE, Channel
from .models import ProcedureType
from .selectors import requirement_list


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    """Ventanilla virtual: what to prepare before filing the procedure online."""
    procedure_type = get_object_or_404(ProcedureType, code=CLAVE_PATRONAL_CODE)
    requirements = requirement_list(
        procedure_type=procedure_type, channel=Channel.VIRTUAL
    )
    return render(
        request,
        "procedures/start.html",
        {"procedure_type": procedure_type, "requirements": requirements},
    )
