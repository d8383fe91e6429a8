"""After filing: the status page, the applicant's files, the correction."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.decorators import ratelimit

from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.documents.responses import file_response
from clavepatronal.documents.uploads import upload_refusals
from clavepatronal.employers.selectors import email_masked

from ..constants import TramiteStatus
from ..forms import AttachmentsForm, StatusLookupForm
from ..links import (
    attachment_link_read,
    correction_token_read,
    status_token,
    status_token_read,
)
from ..models import Attachment
from ..selectors import (
    correction_slots,
    observations_open,
    tramite_detail,
    tramite_for_applicant,
    tramite_get,
)
from ..services import attachment_view_record, tramite_correct


def tracking_number_html(number: str):
    """A tracking number in a notice: on one line, never broken at its hyphens."""
    return format_html('<span class="tracking-number">{}</span>', number)


def signed_link_page(view):
    """A page behind a signed link: read-only, never cached, limited per address."""
    return never_cache(
        require_safe(ratelimit(key="ip", rate="120/h", block=True)(view))
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
    return _status_render(request, form, tramite)


def _status_render(request: HttpRequest, form, tramite) -> HttpResponse:
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


@signed_link_page
def status_link(request: HttpRequest, token: str) -> HttpResponse:
    """The status page through a signed link: no retyping after a correction."""
    pair = status_token_read(token)
    found = (
        tramite_for_applicant(number=pair[0], identification=pair[1]) if pair else None
    )
    if found is None:
        raise Http404
    return _status_render(request, StatusLookupForm(), tramite_detail(tramite=found))


@signed_link_page
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
        "correction": True,
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
                    format_html(
                        _("Recibimos su corrección del trámite {number}."),
                        number=tracking_number_html(tramite.number),
                    ),
                )
                return redirect("procedures:status_link", token=status_token(tramite))
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
