"""Ventanilla virtual — Recepción de trámites: the applicant's pages."""

import secrets

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
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.core.sessions import session_list_add, session_list_remove
from clavepatronal.documents.responses import file_response
from clavepatronal.documents.uploads import upload_refusals
from clavepatronal.employers.selectors import email_masked

from .constants import REVIEW_WORKING_DAYS, TramiteStatus
from .forms import ApplicantForm, AttachmentsForm, StatusLookupForm
from .links import attachment_link_read, attachment_links, correction_token_read
from .models import Attachment
from .selectors import (
    correction_slots,
    observations_open,
    tramite_by_form_token,
    tramite_detail,
    tramite_for_applicant,
    tramite_get,
    tramite_requirement_slots,
)
from .services import attachment_view_record, tramite_correct, tramite_submit

DRAFT_KEY = "ventanilla_borrador"
TOKENS_KEY = "ventanilla_formularios"
OWNED_KEY = "tramites_propios"
MAX_OPEN_FORMS = 5


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


def _draft_form(request: HttpRequest) -> ApplicantForm | None:
    """The first page's answers, validated again (a registration may have changed)."""
    data = request.session.get(DRAFT_KEY)
    if not data:
        return None
    form = ApplicantForm(data)
    return form if form.is_valid() else None


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="60/h", method="POST", block=True)
def applicant(request: HttpRequest) -> HttpResponse:
    """Recepción de trámites, page 1: applicant, employer, province, procedure."""
    if request.method == "POST":
        form = ApplicantForm(request.POST)
        if form.is_valid():
            request.session[DRAFT_KEY] = {
                key: request.POST.get(key, "") for key in form.fields
            }
            return redirect("procedures:attachments")
    else:
        initial = request.session.get(DRAFT_KEY)
        form = (
            ApplicantForm(initial=initial)
            if initial
            else ApplicantForm(initial={"procedure_type": _clave_patronal_pk()})
        )
    return render(request, "procedures/applicant.html", {"form": form})


def _clave_patronal_pk():
    return (
        ProcedureType.objects.filter(code=CLAVE_PATRONAL_CODE)
        .values_list("pk", flat=True)
        .first()
    )


def _token_new(request: HttpRequest) -> str:
    token = secrets.token_urlsafe(32)
    session_list_add(request.session, TOKENS_KEY, token, keep=MAX_OPEN_FORMS)
    return token


def _grant(request: HttpRequest, number: str) -> None:
    session_list_add(request.session, OWNED_KEY, number, keep=20)


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="30/h", method="POST", block=True)
def attachments(request: HttpRequest) -> HttpResponse:
    """Page 2: one upload per requirement that applies; checked on arrival."""
    token = request.POST.get("form_token", "") if request.method == "POST" else ""
    existing = tramite_by_form_token(form_token=token) if token else None
    if existing:  # a reload, the back button or a second click: nothing new
        _grant(request, existing.number)
        return redirect("procedures:confirmation", number=existing.number)
    draft = _draft_form(request)
    if draft is None:
        messages.info(request, _("Empiece por sus datos y los del empleador."))
        return redirect("procedures:applicant")
    data = draft.cleaned_data
    slots = tramite_requirement_slots(
        procedure_type=data["procedure_type"], registration=data["registration"]
    )
    issued = token in request.session.get(TOKENS_KEY, [])
    if request.method == "POST" and not issued:
        messages.error(
            request,
            _("El formulario caducó. Revise los archivos y vuelva a enviarlos."),
        )
    if request.method == "POST" and issued:
        form = AttachmentsForm(
            request.POST,
            request.FILES,
            slots=slots,
            registration=data["registration"],
            refusals=upload_refusals(request),
        )
        if form.is_valid():
            tramite, _created = tramite_submit(
                form_token=token, uploads=form.uploads, **_tramite_data(data, form)
            )
            session_list_remove(request.session, TOKENS_KEY, token)
            request.session.pop(DRAFT_KEY, None)
            _grant(request, tramite.number)
            return redirect("procedures:confirmation", number=tramite.number)
    else:
        form = AttachmentsForm(
            initial={"form_token": _token_new(request)},
            slots=slots,
            registration=data["registration"],
        )
    return render(
        request,
        "procedures/attachments.html",
        {"draft": data, "form": form, "max_bytes": settings.UPLOAD_MAX_BYTES},
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
    if number not in request.session.get(OWNED_KEY, []):
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


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="30/h", method="POST", block=True)
def status(request: HttpRequest) -> HttpResponse:
    """Estado del trámite: number + identification; one answer for any mismatch."""
    form = StatusLookupForm(request.POST or None)
    tramite = None
    if request.method == "POST" and form.is_valid():
        found = tramite_for_applicant(
            number=form.cleaned_data["number"],
            identification=form.cleaned_data["identification"],
        )
        if found is None:
            form.add_error(
                None,
                _(
                    "No encontramos un trámite con ese número y esa identificación. "
                    "Revise los dos datos: están en el correo de recepción."
                ),
            )
        else:
            tramite = tramite_detail(tramite=found)
    return render(
        request,
        "procedures/status.html",
        {
            "form": form,
            "tramite": tramite,
            "email_masked": email_masked(tramite.applicant_email) if tramite else "",
            "observado": TramiteStatus.OBSERVADO,
        },
    )


@never_cache
@require_safe
@ratelimit(key="ip", rate="120/h", block=True)
def attachment_file(request: HttpRequest, token: str) -> HttpResponse:
    """One attachment, through a signed link given to the applicant."""
    pk = attachment_link_read(token)
    attachment = (
        Attachment.objects.select_related("tramite").filter(pk=pk).first()
        if pk
        else None
    )
    if attachment is None:
        raise Http404
    attachment_view_record(
        attachment=attachment, actor_label=_("solicitante (enlace firmado)")
    )
    return file_response(
        attachment.file.open("rb"),
        filename=attachment.download_name,
        content_type=attachment.content_type,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="30/h", method="POST", block=True)
def correct(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed link: replace only the observed files."""
    link = correction_token_read(token)
    tramite = tramite_get(number=link[0]) if link else None
    if tramite is None:
        raise Http404
    pending = observations_open(tramite=tramite)
    round_ = link[1]
    if tramite.status != TramiteStatus.OBSERVADO or not any(
        o.round == round_ for o in pending
    ):
        return render(
            request,
            "procedures/correction_closed.html",
            {"tramite": tramite},
            status=410,
        )
    slots = correction_slots(tramite=tramite, pending=pending)
    form_kwargs = {
        "slots": slots,
        "registration": tramite.registration,
        "with_token": False,
    }
    if request.method == "POST":
        form = AttachmentsForm(
            request.POST,
            request.FILES,
            refusals=upload_refusals(request),
            **form_kwargs,
        )
        if form.is_valid():
            try:
                tramite_correct(
                    tramite=tramite,
                    round_=round_,
                    uploads=form.uploads,
                    note=form.cleaned_data.get("note", ""),
                )
            except ApplicationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Recibimos su corrección del trámite %(number)s.")
                    % {"number": tramite.number},
                )
                return redirect("procedures:status")
    else:
        form = AttachmentsForm(**form_kwargs)
    return render(
        request,
        "procedures/correction.html",
        {
            "tramite": tramite,
            "form": form,
            "general": [o for o in pending if not o.requirement_code],
        },
    )
