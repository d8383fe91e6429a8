"""«Recuperar con firma electrónica» (docs/portal.md): the legal representative
downloads a Solicitud de restablecimiento de clave patronal, signs it with their own
electronic signature and uploads it; the link to choose a new clave goes to the new
e-mail it names, or an officer reviews it.

Every answer is the same whether or not the RUC is registered: the PDF carries only
what was typed, and after an upload the page says the same words whatever the check
found. Only a file that is not this request's signed PDF is refused on the page."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from clavepatronal.core.constants import GET_POST
from clavepatronal.core.errors import too_many_requests
from clavepatronal.core.timing import uniform_duration
from clavepatronal.documents.codes import document_code_normalize
from clavepatronal.documents.responses import file_response
from clavepatronal.documents.selectors import generated_document_content
from clavepatronal.documents.services import generated_document_view_record
from clavepatronal.documents.uploads import upload_refusals
from clavepatronal.employers.constants import ClaveResetStatus
from clavepatronal.employers.selectors import clave_reset_request_get
from clavepatronal.employers.services import (
    ClaveResetTaken,
    clave_reset_request_create,
)
from clavepatronal.procedures.services import clave_reset_receive

from ..constants import SIGNED_RECOVERY_PER_SESSION, SIGNED_RECOVERY_SESSION_KEY
from ..forms import SignedRecoveryForm, SignedRecoveryUploadForm
from .common import signed_recovery_limited


def _with_code(name: str, code: str) -> str:
    return f"{reverse(name)}?{urlencode({'codigo': code})}"


def _remember(request: HttpRequest, code: str) -> None:
    codes = [c for c in request.session.get(SIGNED_RECOVERY_SESSION_KEY, []) if c]
    codes.append(code)
    request.session[SIGNED_RECOVERY_SESSION_KEY] = codes[-SIGNED_RECOVERY_PER_SESSION:]


def _own_request(request: HttpRequest, code: str | None):
    """A request this browser generated (only it may download the PDF again)."""
    if not code or code not in request.session.get(SIGNED_RECOVERY_SESSION_KEY, []):
        return None
    return clave_reset_request_get(code=code)


@never_cache
@require_http_methods(GET_POST)
def signed_recovery(request: HttpRequest) -> HttpResponse:
    """Step 1: the employer's RUC (or cédula) and the new e-mail; the PDF is made of
    them and nothing else."""
    form = SignedRecoveryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if signed_recovery_limited(
            request,
            group="signed-recovery",
            identification=data["identification"],
            email=data["email"],
        ):
            return too_many_requests(request, None)
        reset = clave_reset_request_create(
            identification=data["identification"],
            email=data["email"],
            mobile=data["mobile"],
        )
        _remember(request, reset.document.code)
        return redirect(
            _with_code("portal:signed_recovery_upload", reset.document.code)
        )
    return render(
        request,
        "portal/signed_recovery.html",
        {"form": form, "days": settings.CLAVE_SIGNED_RECOVERY_DAYS},
    )


@never_cache
@require_safe
def signed_recovery_pdf(request: HttpRequest, code: str) -> HttpResponse:
    reset = _own_request(request, document_code_normalize(code))
    if reset is None:
        raise Http404
    document = reset.document
    generated_document_view_record(
        document=document, actor_label=f"ciudadano (solicitud {document.code})"
    )
    return file_response(
        generated_document_content(document=document),
        filename=f"solicitud-restablecimiento-{document.code}.pdf",
        content_type="application/pdf",
    )


def _receive(request: HttpRequest, form: SignedRecoveryUploadForm):
    """The upload judged and acted on; a response when it is over (an answer, or
    too many requests), None when the form shows what to fix."""
    code = form.cleaned_data["code"]
    reset = clave_reset_request_get(code=code)
    if signed_recovery_limited(
        request,
        group="signed-recovery-upload",
        identification=reset.identification if reset else code,
        email=reset.email if reset else code,
    ):
        return too_many_requests(request, None)
    if reset is None:
        form.add_error(
            "code",
            ValidationError(
                _(
                    "No encontramos una solicitud con ese código. Revíselo en la "
                    "parte superior de la solicitud, o genere una nueva."
                ),
                code="unknown",
            ),
        )
        return None
    if reset.status != ClaveResetStatus.PENDIENTE:
        return redirect(_with_code("portal:signed_recovery_received", code))
    try:
        clave_reset_receive(reset_request=reset, file=form.cleaned_data["signed"])
    except ValidationError as error:
        form.add_error("signed", error)
        return None
    except ClaveResetTaken:
        pass  # another tab or a double click sent it first: the same answer
    return redirect(_with_code("portal:signed_recovery_received", code))


@never_cache
@require_http_methods(GET_POST)
@uniform_duration("CLAVE_SIGNED_RECOVERY_ANSWER_SECONDS")
def signed_recovery_upload(request: HttpRequest) -> HttpResponse:
    """Step 2: download the PDF (this browser's request) and upload it signed; the
    code identifies the request, so two tabs and the back button each keep theirs."""
    code = document_code_normalize(request.GET.get("codigo", ""))
    form = SignedRecoveryUploadForm(
        request.POST or None,
        request.FILES or None,
        refusals=upload_refusals(request),
        initial={"code": code or ""},
    )
    if request.method == "POST" and form.is_valid():
        response = _receive(request, form)
        if response is not None:
            return response
    reset = _own_request(request, code)
    if reset is not None and reset.status != ClaveResetStatus.PENDIENTE:
        reset = None
    return render(
        request, "portal/signed_recovery_upload.html", {"form": form, "reset": reset}
    )


@never_cache
@require_safe
def signed_recovery_received(request: HttpRequest) -> HttpResponse:
    """The one answer to every upload that was this request's signed PDF."""
    reset = clave_reset_request_get(
        code=document_code_normalize(request.GET.get("codigo", ""))
    )
    if reset is None or reset.status == ClaveResetStatus.PENDIENTE:
        return redirect("portal:signed_recovery")
    return render(
        request,
        "portal/signed_recovery_received.html",
        {"email": reset.email, "code": reset.document.code_display},
    )
