"""Lista de espera: joining from the journey (step g found no seat, or *Confirmar*
was refused for want of one), the entry's page, the offer's page (take the seat or
pass it on) and the employer's page behind its notice. GET only shows (a mail
scanner that opens a link changes nothing but an offer already past its time); the
buttons POST."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from clavepatronal.core.constants import GET_POST
from clavepatronal.core.errors import too_many_requests
from clavepatronal.core.exceptions import ApplicationError

from ..constants import WAITLIST_LIVE_STATUSES, OfferStatus, WaitlistStatus
from ..documents import when_label
from ..forms_waitlist import WaitlistForm
from ..models import WaitlistEntry, WaitlistOffer
from ..selectors import turn_link_token
from ..selectors.waitlist import (
    EMPLOYER_LINK,
    ENTRY_LINK,
    OFFER_LINK,
    waitlist_ahead,
    waitlist_days,
    waitlist_entry_from_link,
    waitlist_link_token,
    waitlist_offer_from_link,
    waitlist_open_offer,
    waitlist_preferences_label,
    waitlist_starts,
)
from ..services import ActiveTurnError
from ..services.waitlist import waitlist_join as waitlist_join_service
from ..services.waitlist_answers import (
    waitlist_leave,
    waitlist_offer_decline,
    waitlist_offer_expire,
    waitlist_offer_take,
)
from ..services.waitlist_expiry import waitlist_offer_late
from .common import (
    existing_turn_notice,
    rate_limited,
    selection_get,
    state_save,
    step_requires,
)
from .employer import PROOF_CODE, PROOF_PENDING


def _link_invalid(request: HttpRequest) -> HttpResponse:
    return render(request, "appointments/waitlist_link_invalid.html", status=404)


@never_cache
@require_http_methods(GET_POST)
@step_requires("employer_ok")
def waitlist_join(request: HttpRequest, state: dict) -> HttpResponse:
    """«Unirme a la lista de espera», for the agency and procedure of the journey
    and its verified person (the session's state, never typed here)."""
    agency, procedure_type = selection_get(state)
    now = timezone.now()
    form = WaitlistForm(
        request.POST or None,
        days=waitlist_days(agency=agency, now=now),
        starts=waitlist_starts(agency=agency, day=timezone.localdate(now)),
    )
    proof_needed = state.get("employer_ok") == PROOF_PENDING
    if request.method == "POST" and form.is_valid():
        if rate_limited(
            request, group="waitlist", identification=state["identification"]
        ):
            return too_many_requests(request, None)
        try:
            entry = _join(state, agency, procedure_type, form, now)
        except ActiveTurnError as error:
            if error.turn is not None:
                return existing_turn_notice(request, error.turn)
            form.add_error(None, error.message)
        except ApplicationError as error:
            if error.extra.get("code") == "not_verified":
                state["verified"] = False
                state_save(request, state)
                return redirect("appointments:verify")
            proof_needed |= error.extra.get("code") == "employer_proof"
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Listo: está en la lista de espera. Le enviamos a su correo el "
                    "enlace para ver su inscripción o salir de ella."
                ),
            )
            return redirect(
                "appointments:waitlist_entry",
                token=waitlist_link_token(kind=ENTRY_LINK, pk=entry.pk),
            )
    return render(
        request,
        "appointments/waitlist_join.html",
        {
            "agency": agency,
            "procedure_type": procedure_type,
            "form": form,
            "proof_needed": proof_needed,
            "hold_minutes": settings.TURNOS_WAITLIST_HOLD_MINUTES,
            "no_show_limit": max(settings.TURNOS_NO_SHOW_LIMIT, 0),
            "no_show_days": settings.TURNOS_NO_SHOW_DAYS,
            "state": state,
        },
    )


def _join(state: dict, agency, procedure_type, form, now) -> WaitlistEntry:
    """The journey's verified person and the employer's proof, as *Confirmar*
    passes them (the service checks each again)."""
    proof_id = state.get("employer_proof_id")
    return waitlist_join_service(
        verification_id=state["verification_id"],
        identification_type=state["identification_type"],
        identification=state["identification"],
        email=state["email"],
        mobile=state["mobile"],
        agency=agency,
        procedure_type=procedure_type,
        days=form.cleaned_data["days"],
        hours=form.cleaned_data["hours"],
        employer_identification=state.get("employer_identification", ""),
        employer_proof_id=proof_id if state.get("employer_ok") == PROOF_CODE else None,
        now=now,
    )


def _open_offer_current(entry: WaitlistEntry) -> WaitlistOffer | None:
    """The entry's open offer; one past its time lapses now (as the cron would)."""
    offer = waitlist_open_offer(entry=entry)
    if offer is not None and waitlist_offer_late(offer=offer, now=timezone.now()):
        entry.refresh_from_db()
        return None
    return offer


@never_cache
@require_http_methods(GET_POST)
def waitlist_entry(request: HttpRequest, token: str) -> HttpResponse:
    """The person's entry: its state, their place, an open offer; «Salir»."""
    entry = waitlist_entry_from_link(token=token)
    if entry is None:
        return _link_invalid(request)
    if request.method == "POST":
        if rate_limited(request, group="manage", identification=entry.identification):
            return too_many_requests(request, None)
        if waitlist_leave(entry=entry):
            messages.success(request, _("Listo: salió de la lista de espera."))
        else:
            messages.info(request, _("Esta inscripción ya no estaba en la lista."))
        return redirect("appointments:waitlist_entry", token=token)
    offer = _open_offer_current(entry)
    return render(
        request,
        "appointments/waitlist_entry.html",
        {
            "entry": entry,
            "preferences": waitlist_preferences_label(entry=entry),
            "live": entry.status in WAITLIST_LIVE_STATUSES,
            "ahead": waitlist_ahead(entry=entry)
            if entry.status == WaitlistStatus.ESPERANDO
            else None,
            "offer_token": waitlist_link_token(kind=OFFER_LINK, pk=offer.pk)
            if offer
            else "",
            "hold_minutes": settings.TURNOS_WAITLIST_HOLD_MINUTES,
        },
    )


@never_cache
@require_http_methods(GET_POST)
def waitlist_offer(request: HttpRequest, token: str) -> HttpResponse:
    """The freed seat held for this person: «Tomar este turno» or «No me sirve»."""
    offer = waitlist_offer_from_link(token=token)
    if offer is None:
        return _link_invalid(request)
    if request.method == "POST":
        return _offer_answer(request, offer, token)
    if waitlist_offer_late(offer=offer, now=timezone.now()):
        offer.refresh_from_db()
    slot = offer.slot
    return render(
        request,
        "appointments/waitlist_offer.html",
        {
            "offer": offer,
            "entry": offer.entry,
            "agency": slot.agency,
            "when": when_label(slot.starts_at, slot.ends_at),
            "open": offer.status == OfferStatus.ABIERTA,
            "turn_token": turn_link_token(turn=offer.turn) if offer.turn else "",
        },
    )


def _offer_answer(request: HttpRequest, offer: WaitlistOffer, token: str):
    if rate_limited(request, group="manage", identification=offer.entry.identification):
        return too_many_requests(request, None)
    action = request.POST.get("accion")
    try:
        if action == "tomar":
            turn = waitlist_offer_take(offer=offer)
            messages.success(
                request,
                _(
                    "Listo: su turno quedó reservado. Le enviamos la Confirmación "
                    "del Turno en Línea a su correo."
                ),
            )
            return redirect(
                "appointments:turn_detail", token=turn_link_token(turn=turn)
            )
        if action == "rechazar":
            waitlist_offer_decline(offer=offer)
            messages.success(
                request,
                _(
                    "Listo: el lugar pasó a la siguiente persona de la lista y usted "
                    "salió de ella."
                ),
            )
    except ApplicationError as error:
        if error.extra.get("code") == "offer_expired":
            waitlist_offer_expire(offer_id=offer.pk, now=timezone.now())
        messages.error(request, error.message)
    return redirect("appointments:waitlist_offer", token=token)


@never_cache
@require_http_methods(GET_POST)
def waitlist_employer(request: HttpRequest, token: str) -> HttpResponse:
    """The employer's page for an entry made in its name: «No fui yo» takes it
    off the list (and passes on a seat it was offered)."""
    entry = waitlist_entry_from_link(token=token, kind=EMPLOYER_LINK)
    if entry is None:
        return _link_invalid(request)
    if request.method == "POST" and request.POST.get("accion") == "no_fui_yo":
        if waitlist_leave(entry=entry, not_me=True):
            messages.success(
                request,
                _(
                    "Listo: esa persona salió de la lista de espera, y esa persona "
                    "y ese correo no podrán reservar a nombre de su empresa sin el "
                    "código que llega a su correo."
                ),
            )
        else:
            messages.info(request, _("Esta inscripción ya no estaba en la lista."))
        return redirect("appointments:waitlist_employer", token=token)
    return render(
        request,
        "appointments/waitlist_employer.html",
        {
            "entry": entry,
            "registration": entry.registration,
            "preferences": waitlist_preferences_label(entry=entry),
            "live": entry.status in WAITLIST_LIVE_STATUSES,
        },
    )
