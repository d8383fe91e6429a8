"""One draft per registration flow: opening it from its URL, binding it to a
session, «Guardar y continuar después» and the e-mailed link that resumes it."""

from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.decorators import ratelimit

from clavepatronal.core.redirects import form_refused
from clavepatronal.core.sessions import session_list_add
from clavepatronal.notifications.services import VerificationError

from ..constants import DRAFT_RESUME_LINK_HOURS, DRAFTS_PER_SESSION, DRAFTS_SESSION_KEY
from ..draft import DraftAnswers
from ..models import RegistrationDraft
from ..selectors import registration_draft_get
from ..services import (
    RegistrationExists,
    registration_draft_resume,
    registration_draft_resume_send,
    registration_email_code_confirm,
    registration_email_code_send,
)
from .existing import to_existing
from .refusals import code_form


def draft_bind(request: HttpRequest, draft: RegistrationDraft) -> None:
    """This session may open the draft from now on."""
    session_list_add(
        request.session, DRAFTS_SESSION_KEY, draft.key, keep=DRAFTS_PER_SESSION
    )


def step_url(draft: DraftAnswers, slug: str) -> str:
    return reverse("employers:step", kwargs={"key": draft.key, "step": slug})


def next_url(draft: DraftAnswers) -> str:
    incomplete = draft.first_incomplete()
    if incomplete is None:
        return reverse("employers:review", kwargs={"key": draft.key})
    return step_url(draft, incomplete)


def with_draft(view):
    """The view gets the draft its URL names. A key this session was never given
    is not found (keys cannot be probed); an expired or finished one starts over."""

    @wraps(view)
    def wrapped(request: HttpRequest, key: str, **kwargs) -> HttpResponse:
        if key not in request.session.get(DRAFTS_SESSION_KEY, []):
            raise Http404
        record = registration_draft_get(key=key)
        if record is None:
            messages.info(
                request,
                _(
                    "Ese registro en curso ya no está disponible aquí: se completó, "
                    "venció por falta de uso o se continuó en otro dispositivo con el "
                    "enlace del correo. Empiece uno nuevo si lo necesita."
                ),
            )
            return redirect("employers:new")
        return view(request, DraftAnswers(record), **kwargs)

    return wrapped


def _link_send(request: HttpRequest, draft: DraftAnswers, email: str):
    registration_draft_resume_send(draft=draft.record, email=email)
    messages.success(
        request,
        _(
            "Guardamos su registro. Le enviamos a %(email)s un enlace para continuar "
            "en este u otro dispositivo. El enlace sirve una sola vez, durante "
            "%(hours)s horas: al abrirlo, el registro sigue solo allí."
        )
        % {"email": email, "hours": DRAFT_RESUME_LINK_HOURS},
    )
    return redirect(next_url(draft))


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate="30/h", method="POST", block=True)
@with_draft
def save_later(request: HttpRequest, draft: DraftAnswers) -> HttpResponse:
    """«Guardar y continuar después»: the link goes only to a verified address."""
    contact = draft.employer_contact()
    if contact is None:
        messages.warning(
            request,
            _(
                "Para guardar su registro, complete primero los datos del empleador "
                "con su correo electrónico."
            ),
        )
        return redirect(step_url(draft, "empleador"))
    identification, email = contact
    if request.method == "POST" and draft.email_verified_at(email):
        return _link_send(request, draft, email)
    if request.method == "POST" and "code" not in request.POST:
        try:
            verification = registration_email_code_send(
                identification=identification, email=email
            )
        except RegistrationExists:
            return to_existing(request, identification, step_url(draft, "empleador"))
        except VerificationError as exc:
            messages.error(request, exc.message)
            return redirect(next_url(draft))
        draft.verification_id = verification.pk
        return redirect("employers:save_later", key=draft.key)
    form = code_form(request)
    if request.method == "POST":
        if not form.is_valid() or not draft.verification_id:
            return form_refused(request, form)
        try:
            verified_at = registration_email_code_confirm(
                identification=identification,
                email=email,
                verification_id=draft.verification_id,
                code=form.cleaned_data["code"],
            )
        except VerificationError as exc:
            return form_refused(request, form, exc.message)
        draft.email_verified_set(email, verified_at.isoformat())
        return _link_send(request, draft, email)
    return render(
        request,
        "employers/save_later.html",
        {
            "form": form,
            "email": email,
            "verified": bool(draft.email_verified_at(email)),
            "code_sent": bool(draft.verification_id),
            "back_url": next_url(draft),
            "hours": DRAFT_RESUME_LINK_HOURS,
        },
    )


@never_cache
@require_safe
def resume(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed link: this browser, and only this one from now on, may open the
    draft, wherever it was begun. The link works once."""
    record = registration_draft_resume(token=token)
    if record is None:
        messages.warning(
            request,
            _(
                "Este enlace para continuar su registro ya se usó, fue reemplazado "
                "por otro o venció: cada enlace sirve una sola vez, durante "
                "%(hours)s horas. Si su registro sigue abierto en otro dispositivo, "
                "pida allí un enlace nuevo con «Guardar y continuar después»; si "
                "no, empiece un registro nuevo."
            )
            % {"hours": DRAFT_RESUME_LINK_HOURS},
        )
        return redirect("employers:new")
    draft_bind(request, record)
    draft = DraftAnswers(record)
    messages.info(
        request,
        _(
            "Continúa su registro guardado el %(date)s. El enlace del correo ya no "
            "sirve: para seguir en otro dispositivo, pida uno nuevo con «Guardar y "
            "continuar después»."
        )
        % {"date": timezone.localtime(record.updated).strftime("%d/%m/%Y %H:%M")},
    )
    return redirect(next_url(draft))
