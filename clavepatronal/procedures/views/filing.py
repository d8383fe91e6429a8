"""Recepción de trámites: the start page, the two steps and the confirmation."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.decorators import ratelimit

from clavepatronal.catalogue.constants import CLAVE_PATRONAL_CODE, Channel
from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.catalogue.selectors import requirement_list
from clavepatronal.core.ratelimits import ip_and_identification_limited
from clavepatronal.core.redirects import form_refused, refusal_take, refused_redirect
from clavepatronal.documents.uploads import upload_refusals
from clavepatronal.identity.validators import identification_compact

from ..constants import (
    REVIEW_WORKING_DAYS,
    STEP_RATE_PER_EMPLOYER,
    STEP_RATE_PER_IP,
)
from ..forms import ApplicantForm, AttachmentsForm
from ..links import attachment_links
from ..models import CEDULA_LENGTH, TramiteDraft
from ..selectors import (
    tramite_detail,
    tramite_get,
    tramite_requirement_slots,
)
from ..services import (
    tramite_draft_create,
    tramite_draft_files_attach,
    tramite_draft_prune,
    tramite_draft_save,
    tramite_submit,
)
from . import session

RATE_LIMITED = _(
    "Recibimos demasiados pedidos desde su conexión o para este empleador. Espere "
    "una hora y vuelva a intentarlo; no se guardó nada de este envío."
)


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


def _step_limited(request: HttpRequest, employer: str) -> bool:
    return ip_and_identification_limited(
        request,
        group="ventanilla",
        identification=identification_compact(employer)[:13] or "-",
        rate_per_ip=STEP_RATE_PER_IP,
        rate_per_identification=STEP_RATE_PER_EMPLOYER,
    )


def _applicant_form(request: HttpRequest, draft: TramiteDraft | None) -> ApplicantForm:
    """Page 1's form on a GET: what a refused send typed (shown with why, once),
    or the draft's answers, or a new one."""
    refused = refusal_take(request)
    if refused is not None:
        form = ApplicantForm(refused["data"])
        form.is_valid()
        if refused["error"]:
            form.add_error(None, refused["error"])
        return form
    if draft is None:
        return ApplicantForm(initial={"procedure_type": session.clave_patronal_pk()})
    return ApplicantForm(initial=draft.state)


def _applicant_page(request: HttpRequest, draft: TramiteDraft | None):
    """Page 1, for a new draft (its first valid answers make it) or for one the
    URL names (its answers change in place)."""
    if request.method == "POST":
        form = ApplicantForm(request.POST)
        if _step_limited(request, request.POST.get("employer", "")):
            return form_refused(request, form, RATE_LIMITED)
        if not form.is_valid():
            return form_refused(request, form)
        answers = {key: request.POST.get(key, "") for key in form.fields}
        if draft is None:
            draft = tramite_draft_create(state=answers)
            session.draft_bind(request, draft)
        else:
            if session.REVEALED in draft.state:
                answers[session.REVEALED] = draft.state[session.REVEALED]
            tramite_draft_save(draft=draft, state=answers)
        return redirect("procedures:attachments", key=draft.key)
    form = _applicant_form(request, draft)
    employer = (
        form.data.get("employer") if form.is_bound else form.initial.get("employer")
    )
    return render(
        request,
        "procedures/applicant.html",
        {"form": form, "draft": draft, "revealed": session.revealed(draft, employer)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def applicant(request: HttpRequest) -> HttpResponse:
    """Recepción de trámites, page 1: applicant, employer, province, procedure.
    Each start is its own draft: a second tab never touches the first one."""
    return _applicant_page(request, None)


@never_cache
@require_http_methods(["GET", "POST"])
@session.with_draft
def applicant_draft(request: HttpRequest, draft: TramiteDraft) -> HttpResponse:
    """Page 1 again for the draft the URL names (the «Atrás» of page 2)."""
    return _applicant_page(request, draft)


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="30/h", method="POST", block=True)
@session.with_draft
def attachments(request: HttpRequest, draft: TramiteDraft) -> HttpResponse:
    """Page 2: one upload per requirement that applies; checked on arrival. The
    files that pass stay with the draft while the person fixes a refused one."""
    answers = session.draft_form(draft)
    if answers is None:
        messages.info(request, _("Empiece por sus datos y los del empleador."))
        return redirect("procedures:applicant_draft", key=draft.key)
    data = answers.cleaned_data
    slots = tramite_requirement_slots(
        procedure_type=data["procedure_type"], registration=data["registration"]
    )
    tramite_draft_prune(draft=draft, codes={slot.code for slot in slots})
    kept = {kept.requirement_code: kept for kept in draft.attachments.all()}
    options = {"slots": slots, "registration": data["registration"], "kept": kept}
    if request.method == "POST":
        form = AttachmentsForm(
            request.POST, request.FILES, refusals=upload_refusals(request), **options
        )
        if form.is_valid():
            tramite, _created = tramite_submit(
                form_token=draft.key,
                draft=draft,
                uploads=form.uploads,
                employer_proven=session.revealed(draft, data["employer"]) is not None,
                **_tramite_data(data, form),
            )
            session.grant(request, tramite.number)
            return redirect("procedures:confirmation", number=tramite.number)
        # Post/Redirect/Get: the draft's own page shows the refusal once, with the
        # files that passed, so a reload or the back button resends nothing.
        tramite_draft_files_attach(draft=draft, uploads=form.uploads)
        return refused_redirect(request, form.refusal())
    form = AttachmentsForm(**options)
    refusal = refusal_take(request)
    if refusal is not None:
        form.refusal_show(refusal)
    return render(
        request,
        "procedures/attachments.html",
        {
            "draft": data,
            "draft_key": draft.key,
            "domestic": len(data["employer"]) == CEDULA_LENGTH,
            "kept": [kept[slot.code] for slot in slots if slot.code in kept],
            "revealed": session.revealed(draft, data["employer"]),
            "form": form,
            "max_bytes": settings.UPLOAD_MAX_BYTES,
        },
    )


def _tramite_data(data: dict, form: AttachmentsForm) -> dict:
    return {
        "procedure_type": data["procedure_type"],
        "province": data["province"],
        "applicant_id_type": data["id_type"],
        "applicant_identification": data["id_number"],
        "applicant_names": data["names"],
        "applicant_email": data["email"],
        "applicant_mobile": data["mobile"],
        "employer_identification": data["employer"],
        "registration": data["registration"],
        "message": data["message"],
        "foreign_document": form.cleaned_data.get("foreign_document", ""),
    }


@never_cache
@require_safe
def confirmation(request: HttpRequest, number: str) -> HttpResponse:
    """Confirmation page: only in the browser that filed the trámite."""
    if not session.owns(request, number):
        raise Http404
    tramite = tramite_get(number=number)
    if tramite is None:
        raise Http404
    tramite = tramite_detail(tramite=tramite)
    return render(
        request,
        "procedures/confirmation.html",
        {
            "tramite": tramite,
            "files": attachment_links(tramite),
            "working_days": REVIEW_WORKING_DAYS,
        },
    )
