"""Registro nuevo empleador: the wizard's pages, each under its own draft's URL."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.decorators import ratelimit

from clavepatronal.core.errors import too_many_requests
from clavepatronal.core.redirects import (
    error_refused,
    form_refused,
    refused_data,
    refused_error,
)
from clavepatronal.notifications.services import VerificationError

from ..constants import Sector
from ..draft import STEP_BY_SLUG, STEPS, DraftAnswers
from ..selectors import answers_summary, registration_active_get
from ..services import (
    RegistrationExists,
    registration_complete,
    registration_create,
    registration_draft_create,
    registration_email_code_send,
    registration_sri_consult,
    sri_lookup_record,
)
from .drafts import draft_bind, next_url, step_url, with_draft
from .existing import grant, lookup_limited, to_existing
from .refusals import code_form

ORDER = [s.slug for s in STEPS]


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    """Registro nuevo empleador: the first step of both routes."""
    return render(request, "employers/start.html")


def _with_sri_answer(draft: DraftAnswers, step: str, form, data):
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


def _step_page(request, *, form, slug: str, draft: DraftAnswers | None, back: str):
    return render(
        request,
        "employers/step.html",
        {
            "form": form,
            "step": STEP_BY_SLUG[slug],
            "number": ORDER.index(slug) + 1,
            "total": len(ORDER),
            "back_url": back,
            "draft": draft,
            "can_save": draft is not None and draft.employer_contact() is not None,
            "sector_label": Sector(draft.sector).label
            if draft and draft.sector
            else "",
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """The sector page of a registration not begun yet: answering it makes the
    draft (one per tab), so a page only looked at stores nothing."""
    form = STEP_BY_SLUG["sector"].form_class(refused_data(request))
    if request.method == "POST":
        if not form.is_valid():
            return form_refused(request, form)
        record = registration_draft_create()
        draft_bind(request, record)
        draft = DraftAnswers(record)
        draft.store("sector", form)
        return redirect(step_url(draft, ORDER[1]))
    back = reverse("employers:start")
    return _step_page(request, form=form, slug="sector", draft=None, back=back)


@require_safe
def legacy_step(request: HttpRequest, step: str) -> HttpResponse:
    """A page address without a draft (an old bookmark): a new registration."""
    return redirect("employers:new")


def _after_store(request, draft: DraftAnswers, slug: str) -> HttpResponse:
    index = ORDER.index(slug)
    if request.GET.get("volver") == "revisar" or index == len(ORDER) - 1:
        return redirect(next_url(draft))
    return redirect(step_url(draft, ORDER[index + 1]))


@never_cache
@require_http_methods(["GET", "POST"])
@with_draft
def step(request: HttpRequest, draft: DraftAnswers, step: str) -> HttpResponse:
    if step not in STEP_BY_SLUG:
        raise Http404
    incomplete = draft.first_incomplete()
    if incomplete is not None and ORDER.index(step) > ORDER.index(incomplete):
        return redirect(step_url(draft, incomplete))
    posted = request.POST if request.method == "POST" else None
    if posted is not None and step == "empleador":
        if lookup_limited(request, posted.get("identification", "")):
            return too_many_requests(request, None)
    form = draft.form(step, refused_data(request))
    if posted is not None:
        form = _with_sri_answer(draft, step, form, posted)
        if not form.is_valid():
            return form_refused(request, form)
        if step == "empleador":
            identification = form.cleaned_data["identification"]
            if registration_active_get(identification=identification):
                return to_existing(request, identification, step_url(draft, step))
            _sri_notice(request, form)
        draft.store(step, form)
        return _after_store(request, draft, step)
    index = ORDER.index(step)
    if request.GET.get("volver") == "revisar":
        back = reverse("employers:review", kwargs={"key": draft.key})
    else:
        back = step_url(draft, ORDER[index - 1]) if index else reverse("employers:new")
    return _step_page(request, form=form, slug=step, draft=draft, back=back)


def _finished(request, draft: DraftAnswers, create) -> HttpResponse | None:
    """Run `create`; the registration's page, or the way forward for a duplicate."""
    try:
        registration = create()
    except RegistrationExists as exc:
        draft.clear()
        identification = exc.extra["identification"]
        return to_existing(request, identification, reverse("employers:new"))
    draft.clear()
    grant(request, registration.number)
    return redirect("employers:done", number=registration.number)


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="30/h", method="POST", block=True)
@with_draft
def review(request: HttpRequest, draft: DraftAnswers) -> HttpResponse:
    """Revise sus datos: every answer with *Cambiar*, then the e-mail code is sent
    (or, when this draft already proved the address, the registration is made)."""
    incomplete = draft.first_incomplete()
    if incomplete is not None:
        return redirect(step_url(draft, incomplete))
    forms = draft.forms()
    employer = forms["empleador"].cleaned_data
    verified_at = draft.email_verified_at(employer["email"])
    if request.method == "POST" and verified_at:
        data = draft.cleaned()
        at = parse_datetime(verified_at)
        return _finished(
            request,
            draft,
            lambda: registration_create(data=data, email_verified_at=at),
        )
    if request.method == "POST":
        try:
            verification = registration_email_code_send(
                identification=employer["identification"], email=employer["email"]
            )
        except RegistrationExists as exc:
            return to_existing(
                request, exc.extra["identification"], step_url(draft, "empleador")
            )
        except VerificationError as exc:
            return error_refused(request, exc.message)
        draft.verification_id = verification.pk
        return redirect("employers:email", key=draft.key)
    sections = answers_summary(forms)
    for section in sections:
        section["step"] = STEP_BY_SLUG[section["slug"]]
    error = refused_error(request)
    context = {"sections": sections, "email": employer["email"], "error": error}
    context.update(draft=draft, verified=bool(verified_at), can_save=True)
    context["sri_unverified"] = draft.sri_unverified()
    return render(request, "employers/review.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@with_draft
def email(request: HttpRequest, draft: DraftAnswers) -> HttpResponse:
    """Confirm the e-mail with the code; only then is the registration created."""
    review_url = reverse("employers:review", kwargs={"key": draft.key})
    if draft.first_incomplete() is not None or draft.verification_id is None:
        return redirect(review_url)
    form = code_form(request)
    address = draft.forms()["empleador"].cleaned_data["email"]
    if request.method == "POST":
        if not form.is_valid():
            return form_refused(request, form)
        data = draft.cleaned()
        try:
            return _finished(
                request,
                draft,
                lambda: registration_complete(
                    data=data,
                    verification_id=draft.verification_id,
                    code=form.cleaned_data["code"],
                ),
            )
        except VerificationError as exc:
            return form_refused(request, form, exc.message)
    return render(
        request,
        "employers/email.html",
        {"form": form, "email": address, "resend_url": review_url, "draft": draft},
    )
