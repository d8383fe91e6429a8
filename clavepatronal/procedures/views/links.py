"""Pages reached only from a signed link mailed to the registration's e-mail."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.decorators import ratelimit

from clavepatronal.employers.constants import RegistrationStatus
from clavepatronal.employers.selectors import registration_get

from ..links import confirm_token_read, continue_token_read
from ..selectors import tramite_get
from ..services import tramite_employer_confirm
from .followup import tracking_number_html
from .session import draft_from_registration


@never_cache
@require_safe
@ratelimit(key="ip", rate="60/h", block=True)
def continue_link(request: HttpRequest, token: str) -> HttpResponse:
    """«Continuar en la ventanilla virtual» from the registration mail: the form
    starts pre-filled, and this browser may see the employer's data."""
    number = continue_token_read(token)
    registration = registration_get(number=number) if number else None
    if registration is None or registration.status != RegistrationStatus.ACTIVO:
        messages.error(
            request,
            _(
                "El enlace ya no es válido. Ingrese los datos del trámite; los "
                "requisitos se mostrarán según el registro del empleador."
            ),
        )
        return redirect("procedures:applicant")
    draft = draft_from_registration(request, registration)
    return redirect("procedures:applicant_draft", key=draft.key)


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="60/h", block=True)
def employer_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The employer claims a trámite a third party filed (GET shows, POST acts)."""
    number = confirm_token_read(token)
    tramite = tramite_get(number=number) if number else None
    if tramite is None:
        raise Http404
    if request.method == "POST":
        tramite_employer_confirm(tramite=tramite)
        messages.success(
            request,
            format_html(
                _(
                    "Confirmó el trámite {number}: ya aparece en su portal del "
                    "empleador."
                ),
                number=tracking_number_html(tramite.number),
            ),
        )
        return redirect("procedures:employer_confirm", token=token)
    return render(request, "procedures/employer_confirm.html", {"tramite": tramite})
