from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.decorators import ratelimit

from clavepatronal.core.errors import too_many_requests
from clavepatronal.core.ratelimits import ip_and_identification_limited
from clavepatronal.core.sessions import session_list_add
from clavepatronal.documents.constants import DocumentKind
from clavepatronal.documents.responses import file_response
from clavepatronal.documents.services import generated_document_view_record
from clavepatronal.identity.validators import identification_compact
from clavepatronal.notifications.forms import VerificationCodeForm
from clavepatronal.notifications.services import VerificationError

from ..constants import (
    REGISTRY_LOOKUP_RATE_PER_IDENTIFICATION,
    REGISTRY_LOOKUP_RATE_PER_IP,
    Sector,
)
from ..draft import STEP_BY_SLUG, STEPS, RegistrationDraft
from ..selectors import (
    answers_summary,
    registration_active_get,
    registration_get,
)
from ..services import (
    RegistrationExists,
    registration_complete,
    registration_document_filenames,
    registration_download_code_confirm,
    registration_download_code_send,
    registration_email_code_send,
    registration_sri_consult,
    sri_lookup_record,
)

OWNED_KEY = "registros_propios"  # registration numbers this browser may download
EXISTING_KEY = "registro_existente"
DOCUMENT_SLUGS = {
    "solicitud": DocumentKind.SOLICITUD_CLAVE,
    "acuerdo": DocumentKind.ACUERDO_RESPONSABILIDAD,
}


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    """Registro nuevo empleador: the first step of both routes."""
    return render(request, "employers/start.html")


def _step_url(slug: str) -> str:
    return reverse("employers:step", kwargs={"step": slug})


def _grant(request: HttpRequest, number: str) -> None:
    session_list_add(request.session, OWNED_KEY, number)


def _lookup_limited(request: HttpRequest, identification: str) -> bool:
    """Whether a RUC or cédula is registered may be asked only so often, per client
    address and per identification: a stranger cannot sweep the registry."""
    return ip_and_identification_limited(
        request,
        group="registro-consulta",
        identification=identification_compact(identification) or "-",
        rate_per_ip=REGISTRY_LOOKUP_RATE_PER_IP,
        rate_per_identification=REGISTRY_LOOKUP_RATE_PER_IDENTIFICATION,
    )


def _to_existing(request: HttpRequest, identification: str) -> HttpResponse:
    request.session[EXISTING_KEY] = identification
    return redirect("employers:existing")


def _with_sri_answer(draft: RegistrationDraft, step: str, form, data):
    """A RUC typed on the employer page is looked up at the SRI, and the page is
    judged with its answer; a representative the SRI does not list is recorded."""
    if step == "empleador":
        ruc = form.ruc_typed()
        if ruc is None:
            return form
        draft.sri_result = registration_sri_consult(ruc=ruc, sector=draft.sector)
        return draft.form(step, data)
    if step == "representante" and form.has_error("id_number", "sri_representative"):
        sri_lookup_record(
            result=form.sri, sector=draft.sector, decision="sri_representative"
        )
    return form


def _sri_notice(request: HttpRequest, form) -> None:
    answer = form.sri_answer()
    if answer is None or form.sector == Sector.DOMESTICO:
        return
    if answer.is_found:
        messages.success(
            request,
            _("El SRI confirmó el RUC %(ruc)s: %(name)s.")
            % {"ruc": answer.ruc, "name": answer.razon_social},
        )
    else:
        messages.warning(
            request,
            _(
                "No pudimos consultar su RUC en el SRI en este momento. Su registro "
                "continúa con los datos que escribió, y el IESS verificará el RUC con "
                "el SRI antes de aprobar su trámite."
            ),
        )


@never_cache
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, step: str) -> HttpResponse:
    if step not in STEP_BY_SLUG:
        raise Http404
    draft = RegistrationDraft(request.session)
    order = [s.slug for s in STEPS]
    incomplete = draft.first_incomplete()
    if incomplete is not None and order.index(step) > order.index(incomplete):
        return redirect(_step_url(incomplete))
    form = draft.form(step, request.POST if request.method == "POST" else None)
    returning = request.GET.get("volver") == "revisar"
    if request.method == "POST" and step == "empleador":
        if _lookup_limited(request, request.POST.get("identification", "")):
            return too_many_requests(request, None)
    if request.method == "POST":
        form = _with_sri_answer(draft, step, form, request.POST)
    if request.method == "POST" and form.is_valid():
        if step == "empleador":
            identification = form.cleaned_data["identification"]
            if registration_active_get(identification=identification):
                return _to_existing(request, identification)
            _sri_notice(request, form)
        draft.store(step, form)
        index = order.index(step)
        if returning or index == len(order) - 1:
            incomplete = draft.first_incomplete()
            return redirect(_step_url(incomplete) if incomplete else "employers:review")
        return redirect(_step_url(order[index + 1]))
    index = order.index(step)
    if returning:
        back = reverse("employers:review")
    elif index:
        back = _step_url(order[index - 1])
    else:
        back = reverse("employers:start")
    return render(
        request,
        "employers/step.html",
        {
            "form": form,
            "step": STEP_BY_SLUG[step],
            "number": index + 1,
            "total": len(order),
            "back_url": back,
            "sector_label": Sector(draft.sector).label if draft.sector else "",
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="30/h", method="POST", block=True)
def review(request: HttpRequest) -> HttpResponse:
    """Revise sus datos: every answer with *Cambiar*, then the e-mail code is sent."""
    draft = RegistrationDraft(request.session)
    incomplete = draft.first_incomplete()
    if incomplete is not None:
        return redirect(_step_url(incomplete))
    forms = draft.forms()
    error = None
    if request.method == "POST":
        employer = forms["empleador"].cleaned_data
        try:
            verification = registration_email_code_send(
                identification=employer["identification"], email=employer["email"]
            )
        except RegistrationExists as exc:
            return _to_existing(request, exc.extra["identification"])
        except VerificationError as exc:
            error = exc.message
        else:
            draft.verification_id = verification.pk
            return redirect("employers:email")
    sections = answers_summary(forms)
    for section in sections:
        section["step"] = STEP_BY_SLUG[section["slug"]]
    return render(
        request,
        "employers/review.html",
        {
            "sections": sections,
            "email": forms["empleador"].cleaned_data["email"],
            "error": error,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def email(request: HttpRequest) -> HttpResponse:
    """Confirm the e-mail with the code; only then is the registration created."""
    draft = RegistrationDraft(request.session)
    if draft.first_incomplete() is not None or draft.verification_id is None:
        return redirect("employers:review")
    form = VerificationCodeForm(request.POST or None)
    address = draft.forms()["empleador"].cleaned_data["email"]
    if request.method == "POST" and form.is_valid():
        try:
            registration = registration_complete(
                data=draft.cleaned(),
                verification_id=draft.verification_id,
                code=form.cleaned_data["code"],
            )
        except RegistrationExists as exc:
            draft.clear()
            return _to_existing(request, exc.extra["identification"])
        except VerificationError as exc:
            form.add_error("code", exc.message)
        else:
            draft.clear()
            _grant(request, registration.number)
            return redirect("employers:done", number=registration.number)
    return render(
        request,
        "employers/email.html",
        {"form": form, "email": address, "resend_url": reverse("employers:review")},
    )


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
        document.content, filename=filename, content_type="application/pdf"
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
    if request.method == "POST" and _lookup_limited(request, identification):
        return too_many_requests(request, None)
    error = None
    if request.method == "POST":
        try:
            verification = registration_download_code_send(registration=registration)
        except VerificationError as exc:
            error = exc.message
        else:
            request.session["registro_existente_codigo"] = verification.pk
            return redirect("employers:existing_code")
    return render(
        request,
        "employers/existing.html",
        {"identification": identification, "error": error},
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
    if request.method == "POST" and _lookup_limited(request, identification):
        return too_many_requests(request, None)
    form = VerificationCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration_download_code_confirm(
                registration=registration,
                verification_id=verification_id,
                code=form.cleaned_data["code"],
            )
        except VerificationError as exc:
            form.add_error("code", exc.message)
        else:
            for key in (EXISTING_KEY, "registro_existente_codigo"):
                request.session.pop(key, None)
            _grant(request, registration.number)
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
