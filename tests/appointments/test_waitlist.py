"""Lista de espera (issue 27, item 2): who may join, the published order, and where
a freed seat goes — to the first entry that waits for it, held and not bookable by
anyone else, then to the next, and only then back to the calendar; drawn days keep
their own rule.

Times are chosen from the real clock (a working day at least two days ahead, 10:00
in Guayaquil): the services that free a seat read it, so the tests pass at any hour.
"""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from clavepatronal.appointments.constants import (
    DrawStatus,
    OfferStatus,
    TurnStatus,
    WaitlistStatus,
)
from clavepatronal.appointments.models import (
    Draw,
    EmployerBlock,
    Slot,
    Turn,
    WaitlistEntry,
    WaitlistOffer,
)
from clavepatronal.appointments.selectors import (
    booking_window,
    slot_calendar,
    working_day_is,
)
from clavepatronal.appointments.selectors.waitlist import (
    waitlist_candidates,
    waitlist_rank,
)
from clavepatronal.appointments.services import (
    ActiveTurnError,
    NoAvailabilityError,
    turn_book,
    turn_cancel,
)
from clavepatronal.appointments.services.waitlist import waitlist_join
from clavepatronal.appointments.services.waitlist_answers import (
    waitlist_leave,
    waitlist_offer_decline,
    waitlist_offer_take,
)
from clavepatronal.appointments.services.waitlist_expiry import (
    waitlist_entries_lapse,
    waitlist_offers_expire,
)
from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.models import AuditEvent
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.notifications.models import OutboxEmail

from .conftest import GYE, cedula, employer_of, employer_proof, verified_person
from .factories import AgencyFactory, TurnFactory

pytestmark = pytest.mark.django_db


def ahead_day(skip: int = 0) -> datetime.date:
    """A working day at least two days ahead and inside the booking window (the
    `skip`-th such day)."""
    now = timezone.now()
    _first, last = booking_window(now=now)
    day = timezone.localdate(now) + datetime.timedelta(days=2)
    found = []
    while day <= last:
        if working_day_is(day=day):
            found.append(day)
        day += datetime.timedelta(days=1)
    return found[skip]


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=GYE)


@pytest.fixture
def quito(clave):
    """One seat per 20-minute hour: a cancellation frees the hour's only seat."""
    return AgencyFactory(
        name="Agencia de prueba lista de espera",
        slot_minutes=20,
        capacity_per_slot=1,
        procedure_types=[clave],
    )


def person() -> dict:
    """A verified person, legal representative of an employer whose registration
    e-mail is theirs (so the employer's mailbox backs them)."""
    return verified_person(now=timezone.now())


def join(agency, clave, who=None, **preferences) -> WaitlistEntry:
    return waitlist_join(
        **(who or person()), agency=agency, procedure_type=clave, **preferences
    )


def book(agency, clave, starts_at, who=None):
    return turn_book(
        **(who or person()), agency=agency, procedure_type=clave, starts_at=starts_at
    )


def booked(agency, starts_at) -> int:
    return Slot.objects.get(agency=agency, starts_at=starts_at).booked


def open_offer() -> WaitlistOffer:
    return WaitlistOffer.objects.get(status=OfferStatus.ABIERTA)


# --- joining


def test_joining_needs_the_email_code(quito, clave):
    who = {**person(), "verification_id": None}
    with pytest.raises(ApplicationError) as refused:
        join(quito, clave, who)
    assert refused.value.extra["code"] == "not_verified"
    assert not WaitlistEntry.objects.exists()


def test_joining_needs_a_person_the_registration_names(quito, clave):
    someone = person()
    other_employer = employer_of(cedula(990_001)).employer_identification
    with pytest.raises(ApplicationError) as refused:
        join(quito, clave, {**someone, "employer_identification": other_employer})
    assert refused.value.extra["code"] == "not_named"
    assert not WaitlistEntry.objects.exists()


def test_joining_for_an_employer_needs_its_mailbox_and_no_entry_waits_for_it(
    quito, clave, registration
):
    """The representative's cédula and the RUC are public: without the code of the
    registration's mailbox nothing is written (there is no «por confirmar»)."""
    stranger = {
        **verified_person(
            now=timezone.now(),
            identification=registration.rep_identification,
            employer=False,
        ),
        "employer_identification": registration.employer_identification,
    }
    with pytest.raises(ApplicationError) as refused:
        join(quito, clave, stranger)
    assert refused.value.extra["code"] == "employer_proof"
    assert "código que enviamos al correo de su registro" in refused.value.message
    assert not WaitlistEntry.objects.exists()
    proof = employer_proof(registration, now=timezone.now())
    entry = join(quito, clave, {**stranger, "employer_proof_id": proof})
    assert entry.status == WaitlistStatus.ESPERANDO
    assert entry.registration == registration
    assert entry.holder_role == "REPRESENTANTE_LEGAL"


def test_a_person_with_an_active_turn_cannot_join(quito, clave):
    who = person()
    book(quito, clave, at(ahead_day()), who)
    with pytest.raises(ActiveTurnError):
        join(quito, clave, who)
    assert not WaitlistEntry.objects.exists()


def test_one_live_entry_per_person_and_procedure(quito, clave):
    who = person()
    join(quito, clave, who)
    elsewhere = AgencyFactory(procedure_types=[clave])
    with pytest.raises(ApplicationError) as refused:
        join(elsewhere, clave, who)
    assert refused.value.extra["code"] == "waitlist_exists"
    assert WaitlistEntry.objects.count() == 1


def test_one_live_entry_per_employer(quito, clave, registration):
    """The representative waits; the person of the Autorización de Retiro (named
    by the same registration) cannot wait too for that employer."""
    proof = employer_proof(registration, now=timezone.now())
    representative = {
        **verified_person(
            now=timezone.now(),
            identification=registration.rep_identification,
            employer=False,
        ),
        "employer_identification": registration.employer_identification,
        "employer_proof_id": proof,
    }
    authorized = {
        **verified_person(
            now=timezone.now(),
            identification=registration.authorized_identification,
            identification_type=registration.authorized_id_type,
            employer=False,
        ),
        "employer_identification": registration.employer_identification,
        "employer_proof_id": proof,
    }
    join(quito, clave, representative)
    with pytest.raises(ApplicationError) as refused:
        join(quito, clave, authorized)
    assert refused.value.extra["code"] == "waitlist_exists"
    # Once the first leaves, the employer may wait through the other.
    waitlist_leave(entry=WaitlistEntry.objects.get())
    assert join(quito, clave, authorized).status == WaitlistStatus.ESPERANDO


def test_joining_writes_the_entry_its_audit_event_and_its_mail(
    quito, clave, django_capture_on_commit_callbacks
):
    who = person()
    with django_capture_on_commit_callbacks(execute=True):
        entry = join(quito, clave, who, days=[ahead_day().isoformat()], hours=["10:00"])
    assert entry.until == booking_window(now=timezone.now())[1]
    assert (entry.days, entry.hours) == ([ahead_day().isoformat()], ["10:00"])
    assert AuditEvent.objects.filter(
        action=AuditAction.ESPERA_INSCRITA, target_id=str(entry.pk)
    ).exists()
    (told,) = [m for m in mail.outbox if m.to == [entry.email]]
    assert "lista de espera" in told.subject
    assert "/turnos/lista-de-espera/inscripcion/" in told.body


def test_days_and_hours_outside_the_agency_are_refused(quito, clave):
    far = timezone.localdate() + datetime.timedelta(days=40)
    with pytest.raises(ApplicationError) as refused:
        join(quito, clave, days=[far.isoformat()])
    assert refused.value.extra["code"] == "preferences"
    with pytest.raises(ApplicationError):
        join(quito, clave, hours=["07:00"])
    assert not WaitlistEntry.objects.exists()


# --- the published order


def test_the_order_is_the_no_show_tier_then_the_drawn_rank(quito, clave, settings):
    settings.TURNOS_NO_SHOW_LIMIT = 2
    missed = person()
    for days_ago in (10, 20):
        TurnFactory(
            agency=quito,
            procedure_type=clave,
            identification=missed["identification"],
            starts_at=timezone.now() - datetime.timedelta(days=days_ago),
            no_asistio=True,
        )
    demoted = join(quito, clave, missed)
    others = [join(quito, clave) for _ in range(5)]
    assert demoted.priority == -1 and {e.priority for e in others} == {0}
    holder = book(quito, clave, at(ahead_day()))
    slot = Slot.objects.get(pk=holder.slot_id)
    order = list(waitlist_candidates(slot=slot, now=timezone.now()))
    by_rank = [e.pk for e in sorted(others, key=lambda e: e.rank)]
    assert order == [*by_rank, demoted.pk]


def test_the_rank_is_drawn_from_the_person_and_the_day_not_the_hour(quito, clave):
    """Leaving and joining again the same day gives the same number."""
    who = person()
    first = join(quito, clave, who)
    assert len(first.rank) == 64 and int(first.rank, 16) >= 0
    assert first.rank == waitlist_rank(
        agency_id=quito.pk,
        procedure_type_id=clave.pk,
        identification=who["identification"],
        day=timezone.localdate(),
    )
    waitlist_leave(entry=first)
    again = join(quito, clave, who)
    assert again.pk != first.pk and again.rank == first.rank
    tomorrow = waitlist_rank(
        agency_id=quito.pk,
        procedure_type_id=clave.pk,
        identification=who["identification"],
        day=timezone.localdate() + datetime.timedelta(days=1),
    )
    assert tomorrow != first.rank


# --- a freed seat


def test_a_cancellation_holds_the_seat_for_the_first_entry_and_nobody_else_books_it(
    quito, clave
):
    starts_at = at(ahead_day())
    holder = book(quito, clave, starts_at)
    entry = join(quito, clave)
    turn_cancel(turn=holder)
    offer = open_offer()
    entry.refresh_from_db()
    assert (offer.entry_id, offer.slot.starts_at) == (entry.pk, starts_at)
    assert entry.status == WaitlistStatus.OFRECIDO
    # Still counted: no calendar shows it and a fast client is refused.
    assert booked(quito, starts_at) == 1
    shown = [
        s.starts_at
        for d in slot_calendar(agency=quito, now=timezone.now())
        for s in d.slots
    ]
    assert starts_at not in shown
    with pytest.raises(NoAvailabilityError) as refused:
        book(quito, clave, starts_at)
    assert refused.value.extra["code"] == "sin_disponibilidad"
    hold = offer.expires_at - offer.created
    assert datetime.timedelta(minutes=29) < hold <= datetime.timedelta(minutes=30)
    assert AuditEvent.objects.filter(
        action=AuditAction.ESPERA_OFRECIDA, target_id=str(offer.pk)
    ).exists()
    assert OutboxEmail.objects.filter(
        to=entry.email, body__contains="/turnos/lista-de-espera/oferta/"
    ).exists()


def test_taking_the_offer_books_the_turn_in_the_held_seat(
    quito, clave, django_capture_on_commit_callbacks
):
    starts_at = at(ahead_day())
    holder = book(quito, clave, starts_at)
    entry = join(quito, clave)
    turn_cancel(turn=holder)
    offer = open_offer()
    with django_capture_on_commit_callbacks(execute=True):
        turn = waitlist_offer_take(offer=offer)
    assert turn.status == TurnStatus.RESERVADO
    assert (turn.identification, turn.slot.starts_at) == (
        entry.identification,
        starts_at,
    )
    assert turn.employer_identification == entry.employer_identification
    assert booked(quito, starts_at) == 1  # no second seat taken
    offer.refresh_from_db()
    entry.refresh_from_db()
    assert (offer.status, offer.turn_id) == (OfferStatus.TOMADA, turn.pk)
    assert entry.status == WaitlistStatus.ATENDIDA
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {AuditAction.ESPERA_TOMADA, AuditAction.TURNO_RESERVADO} <= actions
    assert any(
        m.to == [turn.email] and "Confirmación del Turno" in m.subject
        for m in mail.outbox
    )
    # Taken once: a second press changes nothing.
    with pytest.raises(ApplicationError) as again:
        waitlist_offer_take(offer=offer)
    assert again.value.extra["code"] == "offer_taken"
    assert Turn.objects.filter(status=TurnStatus.RESERVADO).count() == 1


def test_no_me_sirve_passes_the_seat_to_the_next(quito, clave):
    starts_at = at(ahead_day())
    holder = book(quito, clave, starts_at)
    first, second = sorted(
        (join(quito, clave), join(quito, clave)), key=lambda e: e.rank
    )
    turn_cancel(turn=holder)
    offered = open_offer()
    assert offered.entry_id == first.pk
    waitlist_offer_decline(offer=offered)
    offered.refresh_from_db()
    first.refresh_from_db()
    assert offered.status == OfferStatus.RECHAZADA
    assert first.status == WaitlistStatus.CANCELADA
    assert open_offer().entry_id == second.pk
    assert booked(quito, starts_at) == 1
    assert AuditEvent.objects.filter(action=AuditAction.ESPERA_RECHAZADA).exists()


def test_an_offer_nobody_takes_goes_to_the_next_then_back_to_the_calendar(
    quito, clave, django_capture_on_commit_callbacks
):
    starts_at = at(ahead_day())
    holder = book(quito, clave, starts_at)
    first, second = sorted(
        (join(quito, clave), join(quito, clave)), key=lambda e: e.rank
    )
    turn_cancel(turn=holder)
    late = open_offer().expires_at + datetime.timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert waitlist_offers_expire(now=late) == 1
    first.refresh_from_db()
    assert first.status == WaitlistStatus.VENCIDA
    assert any(m.to == [first.email] and "terminó" in m.subject for m in mail.outbox)
    assert open_offer().entry_id == second.pk
    assert booked(quito, starts_at) == 1
    # The last one lets it lapse too: the seat is back in the calendar.
    assert waitlist_offers_expire(now=open_offer().expires_at) == 1
    assert booked(quito, starts_at) == 0
    assert not WaitlistOffer.objects.filter(status=OfferStatus.ABIERTA).exists()
    assert AuditEvent.objects.filter(action=AuditAction.ESPERA_DEVUELTA).exists()
    assert book(quito, clave, starts_at).slot.starts_at == starts_at


def test_a_seat_nobody_waits_for_goes_back_at_once(quito, clave):
    """An entry for other days (or hours), or whose person took a turn meanwhile,
    does not hold it."""
    starts_at = at(ahead_day())
    holder = book(quito, clave, starts_at)
    join(quito, clave, days=[ahead_day(1).isoformat()])
    join(quito, clave, hours=["11:00"])
    busy = person()
    join(quito, clave, busy)
    book(quito, clave, at(ahead_day(1), 11), busy)
    turn_cancel(turn=holder)
    assert not WaitlistOffer.objects.exists()
    assert booked(quito, starts_at) == 0


def test_a_seat_within_the_lead_time_is_not_offered(quito, clave, settings):
    starts_at = at(ahead_day())
    holder = book(quito, clave, starts_at)
    join(quito, clave)
    # A longer lead time now puts the turn inside it.
    settings.TURNOS_LEAD_MINUTES = int(
        (starts_at - timezone.now()).total_seconds() // 60 + 60
    )
    turn_cancel(turn=holder)
    assert not WaitlistOffer.objects.exists()
    assert booked(quito, starts_at) == 0


def test_a_seat_freed_on_a_drawn_day_keeps_the_draw_rule(quito, clave):
    day = ahead_day(1)
    starts_at = at(day)
    now = timezone.now()
    Draw.objects.create(
        agency=quito,
        day=day,
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now - datetime.timedelta(days=2),
        seed="0" * 64,
        seed_hash="1" * 64,
        status=DrawStatus.REALIZADO,
    )
    Draw.objects.create(
        agency=quito,
        day=day + datetime.timedelta(days=7),
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(hours=1),
        seed="2" * 64,
        seed_hash="3" * 64,
    )
    holder = TurnFactory(agency=quito, procedure_type=clave, starts_at=starts_at)
    join(quito, clave)
    turn_cancel(turn=holder)
    slot = Slot.objects.get(pk=holder.slot_id)
    assert (slot.booked, slot.held) == (0, 1)
    assert not WaitlistOffer.objects.exists()


def test_an_expired_link_cannot_take_the_seat(quito, clave):
    starts_at = at(ahead_day())
    holder = book(quito, clave, starts_at)
    entry = join(quito, clave)
    turn_cancel(turn=holder)
    offer = open_offer()
    with pytest.raises(ApplicationError) as refused:
        waitlist_offer_take(
            offer=offer, now=offer.expires_at + datetime.timedelta(seconds=1)
        )
    assert refused.value.extra["code"] == "offer_expired"
    assert not Turn.objects.filter(identification=entry.identification).exists()
    assert booked(quito, starts_at) == 1  # held until the offer lapses


def test_leaving_the_list_with_an_open_offer_passes_the_seat_on(quito, clave):
    starts_at = at(ahead_day())
    holder = book(quito, clave, starts_at)
    entry = join(quito, clave)
    turn_cancel(turn=holder)
    assert waitlist_leave(entry=entry)
    entry.refresh_from_db()
    assert entry.status == WaitlistStatus.CANCELADA
    assert WaitlistOffer.objects.get().status == OfferStatus.RECHAZADA
    assert booked(quito, starts_at) == 0
    assert not waitlist_leave(entry=entry)  # already out: nothing more
    assert AuditEvent.objects.filter(action=AuditAction.ESPERA_CANCELADA).count() == 1


def test_taking_with_a_turn_booked_meanwhile_passes_the_seat_on(quito, clave):
    starts_at = at(ahead_day())
    holder = book(quito, clave, starts_at)
    who = person()
    entry = join(quito, clave, who)
    turn_cancel(turn=holder)
    offer = open_offer()
    book(quito, clave, at(ahead_day(1)), who)  # the person booked elsewhere
    with pytest.raises(ApplicationError) as refused:
        waitlist_offer_take(offer=offer)
    assert refused.value.extra["code"] == "active_turn"
    offer.refresh_from_db()
    entry.refresh_from_db()
    assert offer.status == OfferStatus.RECHAZADA
    assert entry.status == WaitlistStatus.CANCELADA
    assert booked(quito, starts_at) == 0  # nobody else waits: back to the calendar


def test_entries_whose_days_passed_lapse(quito, clave):
    entry = join(quito, clave)
    WaitlistEntry.objects.filter(pk=entry.pk).update(
        until=timezone.localdate() - datetime.timedelta(days=1)
    )
    kept = join(quito, clave)
    assert waitlist_entries_lapse() == 1
    entry.refresh_from_db()
    kept.refresh_from_db()
    assert (entry.status, kept.status) == (
        WaitlistStatus.VENCIDA,
        WaitlistStatus.ESPERANDO,
    )
    assert AuditEvent.objects.filter(
        action=AuditAction.ESPERA_VENCIDA, target_id=str(entry.pk)
    ).exists()


def test_the_cron_command_expires_offers_and_entries(quito, clave):
    starts_at = at(ahead_day())
    holder = book(quito, clave, starts_at)
    join(quito, clave)
    turn_cancel(turn=holder)
    WaitlistOffer.objects.update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    out = io.StringIO()
    call_command("turnos_lista_espera", stdout=out)
    assert out.getvalue().startswith("1 ofertas vencidas")
    assert WaitlistOffer.objects.get().status == OfferStatus.VENCIDA
    assert booked(quito, starts_at) == 0


def test_the_employers_no_fui_yo_removes_the_entry_and_blocks(
    quito, clave, registration, django_capture_on_commit_callbacks
):
    """An entry made in the employer's name by someone else (the code was read
    from its mailbox) is announced there; «No fui yo» takes it off the list."""
    authorized = {
        **verified_person(
            now=timezone.now(),
            identification=registration.authorized_identification,
            identification_type=registration.authorized_id_type,
            employer=False,
        ),
        "employer_identification": registration.employer_identification,
        "employer_proof_id": employer_proof(registration, now=timezone.now()),
    }
    with django_capture_on_commit_callbacks(execute=True):
        entry = join(quito, clave, authorized)
    (notice,) = [m for m in mail.outbox if m.to == [registration.email.lower()]]
    assert "/turnos/lista-de-espera/empleador/" in notice.body
    assert waitlist_leave(entry=entry, not_me=True)
    entry.refresh_from_db()
    assert entry.status == WaitlistStatus.CANCELADA
    assert EmployerBlock.objects.filter(
        employer_identification=registration.employer_identification,
        identification=entry.identification,
    ).exists()
