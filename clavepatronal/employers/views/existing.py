"""After the wizard: the finished registration's page and downloads, and the way
forward for an employer already registered (which says only that it is)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from clavepatronal.core.errors import too_many_requests
from clavepatronal.core.ratelimits import ip_and_identification_limited
from clavepatronal.core.redirects import error_refused, form_refused, refused_error
from clavepatronal.core.sessions import session_list_add
from clavepatronal.documents.constants import DocumentKind
from clavepatronal.documents.responses import file_response
from clavepatronal.documents.selectors import generated_document_content
from clavepatronal.documents.services import generated_document_view_record
from clavepatronal.identity.validators import identification_compact
from clavepatronal.notifications.services import VerificationError

from ..constants import (
    REGISTRY_LOOKUP_RATE_PER_IDENTIFICATION,
    REGISTRY_LOOKUP_RATE_PER_IP,
)
from ..selectors import registration_active_get, registration_get
from ..services import (
    registration_document_filenames,
    registration_download_code_confirm,
    registration_download_code_send,
)
from .refusals import code_form

OWNED_KEY = "registros_propios"  # registration numbers this browser may download
EXISTING_KEY = "registro_existente"
EXISTING_BACK_KEY = "registro_existente_volver"
DOCUMENT_SLUGS = {
    "solicitud": DocumentKind.SOLICITUD_CLAVE,
    "acuerdo": DocumentKind.ACUERDO_RESPONSABILIDAD,
}


def grant(request: HttpRequest, number: str) -> None:
    session_list_add(request.session, OWNED_KEY, number)


def lookup_limited(request: HttpRequest, identification: str) -> bool:
    """Whether a RUC or cédula is registered may be asked only so often, per client
    address and per identification: a stranger cannot sweep the registry."""
    return ip_and_identification_limited(
        request,
        group="registro-consulta",
        identification=identification_compact(identification) or "-",
        rate_per_ip=REGISTRY_LOOKUP_RATE_PER_IP,
        rate_per_identification=REGISTRY_LOOKUP_RATE_PER_IDENTIFICATION,
    )


def to_existing(request: HttpRequest, identification: str, back: str) -> HttpResponse:
    request.session[EXISTING_KEY] = identification
    request.session[EXISTING_BACK_KEY] = back
    return redirect("employers:existing")


def _back_url(request: HttpRequest) -> str:
    return request.session.get(EXISTING_BACK_KEY) or reverse("employers:new")


def _owned_registration(request: HttpRequest, number: str):
    # Not ours: 404, as if it did not exist, so numbers cannot be probed.
    if number not in request.session.get(OWNED_KEY, []):
        raise Http404
    registration = registration_get(number=number)
    if registration is None:
        raise Http404
    return registration


@never_cache
@require_safe
def done(request: HttpRequest, number: str) -> HttpResponse:
    registration = _owned_registration(request, number)
    return render(request, "employers/done.html", {"registration": registration})


@never_cache
@require_safe
def document(request: HttpRequest, number: str, kind: str) -> HttpResponse:
    if kind not in DOCUMENT_SLUGS:
        raise Http404
    registration = _owned_registration(request, number)
    document = registration.solicitud if kind == "solicitud" else registration.acuerdo
    generated_document_view_record(
        document=document, actor_label=f"correo {registration.email}"
    )
    filename = registration_document_filenames(registration=registration)[
        DOCUMENT_SLUGS[kind]
    ]
    return file_response(
        generated_document_content(document=document),
        filename=filename,
        content_type="application/pdf",
    )


@never_cache
@require_http_methods(["GET", "POST"])
def existing(request: HttpRequest) -> HttpResponse:
    """An employer already registered: the way forward, not a second registration.

    It says only that a registration exists; its documents go to the address on
    file (a code, then the downloads), which the page never shows.
    """
    identification = request.session.get(EXISTING_KEY)
    registration = identification and registration_active_get(
        identification=identification
    )
    if not registration:
        return redirect("employers:start")
    if request.method == "POST" and lookup_limited(request, identification):
        return too_many_requests(request, None)
    if request.method == "POST":
        try:
            verification = registration_download_code_send(registration=registration)
        except VerificationError as exc:
            return error_refused(request, exc.message)
        request.session["registro_existente_codigo"] = verification.pk
        return redirect("employers:existing_code")
    return render(
        request,
        "employers/existing.html",
        {
            "identification": identification,
            "error": refused_error(request),
            "back_url": _back_url(request),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def existing_code(request: HttpRequest) -> HttpResponse:
    identification = request.session.get(EXISTING_KEY)
    verification_id = request.session.get("registro_existente_codigo")
    registration = identification and registration_active_get(
        identification=identification
    )
    if not registration or not verification_id:
        return redirect("employers:existing")
    if request.method == "POST" and lookup_limited(request, identification):
        return too_many_requests(request, None)
    form = code_form(request)
    if request.method == "POST":
        if not form.is_valid():
            return form_refused(request, form)
        try:
            registration_download_code_confirm(
                registration=registration,
                verification_id=verification_id,
                code=form.cleaned_data["code"],
            )
        except VerificationError as exc:
            return form_refused(request, form, exc.message)
        for key in (EXISTING_KEY, "registro_existente_codigo"):
            request.session.pop(key, None)
        grant(request, registration.number)
        messages.success(
            request, _("Correo confirmado. Ya puede descargar sus formularios.")
        )
        return redirect("employers:done", number=registration.number)
    return render(
        request,
        "employers/email.html",
        {
            "form": form,
            "email": None,
            "resend_url": reverse("employers:existing"),
            "existing": True,
        },
    )
