"""The pages that say no: 400, 403, 404, 429, 500, CSRF failure and the login
lockout, in Spanish, with what to do next."""

import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.template.loader import select_template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import OPENING_HOURS_LABEL
from .lockouts import axes_username
from .request_id import request_id_current
from .selectors import login_lockout_until


def _error_page(*, status: int, title: str, message: str) -> HttpResponse:
    context = {
        "title": title,
        "message": message,
        # Given here, not by the context processor: a 500 page renders without one.
        "opening_hours_label": OPENING_HOURS_LABEL,
        # What a person quotes to the help desk, and what finds the request's logs.
        "request_id": request_id_current(),
    }
    html = loader.get_template("core/error.html").render(context)
    return HttpResponse(html, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(
        status=400,
        title=_("No pudimos procesar su solicitud"),
        message=_(
            "La información enviada no es válida. Vuelva a la página anterior, revise "
            "los datos e inténtelo de nuevo."
        ),
    )


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(
        status=403,
        title=_("No tiene permiso para ver esta página"),
        message=_(
            "Si cree que debería tener acceso, ingrese con su usuario o comuníquese "
            "con el IESS."
        ),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error_page(
        status=403,
        title=_("La página caducó"),
        message=_(
            "Por su seguridad, el formulario dejó de ser válido. Vuelva a la página "
            "anterior, recárguela y envíe el formulario otra vez. Sus cookies deben "
            "estar habilitadas."
        ),
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(
        status=404,
        title=_("Página no encontrada"),
        message=_(
            "Si escribió la dirección, revise que esté bien escrita. Si copió un "
            "enlace, cópielo completo."
        ),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _error_page(
        status=500,
        title=_("Lo sentimos, hay un problema con el servicio"),
        message=_(
            "Inténtelo de nuevo en unos minutos. Si el problema continúa, vuelva más "
            "tarde."
        ),
    )


def too_many_requests(request: HttpRequest, exception: Exception) -> HttpResponse:
    """django-ratelimit's blocked view: a calm 429 instead of a 403."""
    return _error_page(
        status=429,
        title=_("Demasiadas solicitudes seguidas"),
        message=_(
            "Por seguridad, limitamos cuántas veces se puede hacer esta operación "
            "en una hora. Espere hasta una hora e inténtelo de nuevo."
        ),
    )


def lockout(request: HttpRequest, original_response=None, credentials=None):
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE): when to try again.

    Each door (the portal, the back office) has its own page, found by the URL
    namespace of the login that was refused: `<namespace>/lockout.html`.
    """
    now = timezone.now()
    until = login_lockout_until(
        username=axes_username(request, credentials),
        ip_address=getattr(request, "axes_ip_address", None),
        now=now,
    ) or (now + settings.AXES_COOLOFF_TIME)
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    match = getattr(request, "resolver_match", None)
    template = select_template(
        [f"{match.namespace}/lockout.html" if match else "", "core/lockout.html"]
    )
    return HttpResponse(
        template.render(
            {"until": timezone.localtime(until), "minutes": minutes}, request
        ),
        status=429,
    )
