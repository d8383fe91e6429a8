"""`make bench-fairness`, the waiting list's scenario (docs/turnos.md, «Lista de
espera»): on days given in order of arrival, who gets the seats cancellations free
when programs watch for them.

An agency in order of arrival whose whole booking window is taken. LIST people wait
on its waiting list, PROGRAM_SHARE of them programs' entries, which join first (the
worst case: if joining first gave anything, they would have it). During one working
day CANCELLATIONS turns of the window are cancelled, at random times, through the
services the web flow calls (turn_cancel; the offer's link: waitlist_offer_take;
the cron: waitlist_offers_expire, every minute). Programs answer an offer in
seconds; people in minutes (log-normal, median PERSON_ANSWER_MINUTES). POLLERS
programs poll step g (slot_calendar) one second after every cancellation and every
offer that lapses, and press *Confirmar* (turn_book) on every free hour they see and
on the freed hour itself: the calendar changes only at those moments, so this is
polling every second, at 100 times a person's speed.

Time is simulated (every call carries its `now=`, and django.utils.timezone.now
answers the simulation's clock); seeds and SECRET_KEY are fixed, so two runs print
the same line. The procedure binds the person alone («Certificados del empleador»):
the order of the list does not depend on the procedure, and a list of LIST people
needs no LIST employer registrations.

Prints:
FAIRNESS mode=lista_espera freed=N waitlist=N program_list_share=X
program_seat_share=Y program_drawn_share=Z tolerance=T polling_attempts=A
polling_seats=S returned=R unbound_seats=U ransom_seats=0 people_blocked=B
(the last three, as on every FAIRNESS line: a seat taken by someone other than the
person on the list, by a ransom operator — none here —, and people refused because
someone else held their place). Fails (exit 1) when programs' share of the freed
seats passes their share of the list by more than the draw's sampling noise
(`tolerance`: two standard deviations of a draw without replacement of the seats
taken from the list), or when a poller got a freed seat while the list had someone
waiting for it.
"""

import datetime
import heapq
import math
import random
import secrets

LIST = 800
PROGRAM_SHARE = 0.25
CANCELLATIONS = 300
POLLERS = 3
SLOT_MINUTES = 60
CAPACITY = 8
PERSON_ANSWER_MINUTES = 6
PROGRAM_ANSWER_SECONDS = 2
SEED = 20270308
# A Monday after the 07:00 release; the cancellations come from 08:00 to 16:00.
START = datetime.datetime(2027, 3, 8, 7, 30)
PROCEDURE = "certificados-empleador"


def _cedula(number: int) -> str:
    digits = f"13{number:07d}"  # Manabí: none of fairness.py's people
    total = 0
    for position, digit in enumerate(digits):
        product = int(digit) * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return digits + str((10 - total % 10) % 10)


def _verified(identification: str, email: str, now) -> dict:
    from clavepatronal.notifications.constants import VerificationPurpose
    from clavepatronal.notifications.models import EmailVerification

    verification = EmailVerification.objects.create(
        purpose=VerificationPurpose.TURNO,
        subject=identification,
        email=email,
        salt=secrets.token_hex(16),
        code_hash="0" * 64,
        expires_at=now + datetime.timedelta(minutes=10),
        used_at=now,
    )
    return {
        "verification_id": verification.pk,
        "identification_type": "CEDULA",
        "identification": identification,
        "email": email,
        "mobile": "+593991234567",
    }


def _window_taken(agency, procedure, now, rng) -> list[int]:
    """Every seat of the window taken (slot rows full, as bookings leave them);
    CANCELLATIONS of them, two or more days ahead, with the turns that will be
    cancelled. Returns those turns' ids."""
    from clavepatronal.appointments.models import Slot, Turn
    from clavepatronal.appointments.selectors import (
        booking_window,
        slot_starts,
        working_day_is,
    )
    from clavepatronal.documents.codes import random_code

    first, last = booking_window(now=now)
    starts = []
    day = first
    while day <= last:
        if working_day_is(day=day):
            starts += slot_starts(agency=agency, day=day)
        day += datetime.timedelta(days=1)
    step = datetime.timedelta(minutes=SLOT_MINUTES)
    slots = Slot.objects.bulk_create(
        Slot(
            agency=agency,
            starts_at=s,
            ends_at=s + step,
            capacity=CAPACITY,
            booked=CAPACITY,
        )
        for s in starts
    )
    later = [s for s in slots if s.starts_at.date() >= first + datetime.timedelta(2)]
    seats = [(slot, seat) for slot in later for seat in range(CAPACITY)]
    chosen = rng.sample(seats, CANCELLATIONS)
    turns = Turn.objects.bulk_create(
        Turn(
            code=random_code(10),
            slot=slot,
            procedure_type=procedure,
            identification_type="CEDULA",
            identification=_cedula(5_000_000 + n),
            email=f"titular{n}@correo.ec",
            mobile="+593991234567",
        )
        for n, (slot, _seat) in enumerate(chosen)
    )
    return [turn.pk for turn in turns]


def _list_join(agency, procedure, clock) -> dict[str, str]:
    """The waiting list as it stands when the day's cancellations begin, the
    programs' entries first; who each entry is."""
    from clavepatronal.appointments.services.waitlist import waitlist_join

    programs = round(LIST * PROGRAM_SHARE)
    kinds = {}
    for n in range(LIST):
        kind = "program" if n < programs else "person"
        identification = _cedula(n + 1)
        email = (
            f"{kind}{n}@{'desechable.example' if kind == 'program' else 'correo.ec'}"
        )
        clock[0] += datetime.timedelta(seconds=1)
        waitlist_join(
            **_verified(identification, email, clock[0]),
            agency=agency,
            procedure_type=procedure,
            now=clock[0],
        )
        kinds[identification] = kind
    return kinds


class Simulation:
    """The day's events, in simulated time."""

    def __init__(self, agency, procedure, kinds, rng, clock) -> None:
        self.agency, self.procedure, self.kinds = agency, procedure, kinds
        self.rng, self.clock = rng, clock
        self.queue: list = []
        self.sequence = 0
        self.seen_offer = 0
        self.expiries: set = set()
        self.polls = {"attempts": 0, "seats": 0, "seats_with_list": 0}
        self.pollers = [
            [_cedula(7_000_000 + p * 1000 + i) for i in range(200)]
            for p in range(POLLERS)
        ]
        self.blocked = 0

    def at(self, when, kind, payload=None) -> None:
        self.sequence += 1
        heapq.heappush(self.queue, (when, self.sequence, kind, payload))

    def run(self) -> None:
        while self.queue:
            when, _n, kind, payload = heapq.heappop(self.queue)
            self.clock[0] = when
            getattr(self, f"on_{kind}")(when, payload)
            self.offers_new(when)

    def offers_new(self, now) -> None:
        """Offers made since the last look (a cancellation, or one passed on):
        the entry answers in its time; the cron looks at the minute after it
        lapses."""
        from clavepatronal.appointments.models import WaitlistOffer

        for offer in WaitlistOffer.objects.filter(
            pk__gt=self.seen_offer
        ).select_related("entry"):
            self.seen_offer = max(self.seen_offer, offer.pk)
            if self.kinds[offer.entry.identification] == "program":
                delay = datetime.timedelta(seconds=PROGRAM_ANSWER_SECONDS)
            else:
                minutes = self.rng.lognormvariate(math.log(PERSON_ANSWER_MINUTES), 0.6)
                delay = datetime.timedelta(minutes=minutes)
            self.at(now + delay, "answer", offer.pk)
            lapse = offer.expires_at.replace(
                second=0, microsecond=0
            ) + datetime.timedelta(minutes=1)
            if lapse not in self.expiries:
                self.expiries.add(lapse)
                self.at(lapse, "cron")

    def on_cancel(self, now, turn_id) -> None:
        from clavepatronal.appointments.models import Turn
        from clavepatronal.appointments.services import turn_cancel

        turn = Turn.objects.select_related("slot").get(pk=turn_id)
        turn_cancel(turn=turn, now=now)
        for poller in range(POLLERS):
            self.at(now + datetime.timedelta(seconds=1), "poll", (poller, turn.slot))

    def on_answer(self, now, offer_id) -> None:
        from clavepatronal.appointments.models import WaitlistOffer
        from clavepatronal.appointments.services.waitlist_answers import (
            waitlist_offer_take,
        )
        from clavepatronal.core.exceptions import ApplicationError

        offer = WaitlistOffer.objects.get(pk=offer_id)
        try:
            waitlist_offer_take(offer=offer, now=now)
        except ApplicationError as error:
            if error.extra.get("code") == "active_turn":
                self.blocked += 1

    def on_cron(self, now, _payload) -> None:
        from clavepatronal.appointments.services.waitlist_expiry import (
            waitlist_offers_expire,
        )

        if waitlist_offers_expire(now=now):
            for poller in range(POLLERS):
                self.at(now + datetime.timedelta(seconds=1), "poll", (poller, None))

    def on_poll(self, now, payload) -> None:
        """Step g, then *Confirmar* on each free hour seen and on the freed one."""
        from clavepatronal.appointments.models import WaitlistEntry
        from clavepatronal.appointments.selectors import slot_calendar
        from clavepatronal.appointments.services import turn_book
        from clavepatronal.core.exceptions import ApplicationError

        poller, slot = payload
        days = slot_calendar(agency=self.agency, now=now)
        starts = [s.starts_at for day in days for s in day.slots][:3]
        if slot is not None:
            starts.append(slot.starts_at)
        identities = self.pollers[poller]
        for starts_at in starts:
            if not identities:
                return
            self.polls["attempts"] += 1
            identification = identities[-1]
            try:
                turn_book(
                    **_verified(identification, f"{identification}@bot.example", now),
                    agency=self.agency,
                    procedure_type=self.procedure,
                    starts_at=starts_at,
                    now=now,
                )
            except ApplicationError:
                continue
            identities.pop()
            self.polls["seats"] += 1
            if WaitlistEntry.objects.filter(
                agency=self.agency, status="ESPERANDO"
            ).exists():
                self.polls["seats_with_list"] += 1


def run_waitlist(clock) -> bool:
    """The scenario; True when programs got no more than their share."""
    from django.utils import timezone

    from clavepatronal.appointments.models import (
        Agency,
        Slot,
        WaitlistEntry,
        WaitlistOffer,
    )
    from clavepatronal.catalogue.models import ProcedureType
    from clavepatronal.identity.models import Province

    rng = random.Random(SEED)
    start = timezone.make_aware(START, timezone.get_default_timezone())
    clock[0] = start
    procedure = ProcedureType.objects.get(code=PROCEDURE)
    agency = Agency.objects.create(
        province=Province.objects.get(code="17"),
        name="Agencia simulada (lista de espera)",
        address="Av. Amazonas N35-20, Quito",
        slot_minutes=SLOT_MINUTES,
        capacity_per_slot=CAPACITY,
        allocation_mode="ORDEN",
    )
    agency.procedure_types.add(procedure)
    cancelled = _window_taken(agency, procedure, start, rng)
    kinds = _list_join(agency, procedure, clock)
    simulation = Simulation(agency, procedure, kinds, rng, clock)
    opens = start.replace(hour=8, minute=0)
    for turn_id in cancelled:
        moment = opens + datetime.timedelta(seconds=rng.uniform(0, 8 * 3600))
        simulation.at(moment, "cancel", turn_id)
    simulation.run()
    taken = WaitlistOffer.objects.filter(status="TOMADA").select_related(
        "turn", "entry"
    )
    by_list = [offer.entry for offer in taken]
    unbound = sum(
        1 for offer in taken if offer.turn.identification != offer.entry.identification
    )
    program_seats = sum(1 for e in by_list if kinds[e.identification] == "program")
    seats = len(by_list) + simulation.polls["seats"]
    program_seats += simulation.polls["seats"]
    free = sum(
        slot.capacity - slot.booked for slot in Slot.objects.filter(agency=agency)
    )
    # The programs among the first of the published order, as many as took seats:
    # what the drawn order alone gives them.
    first = WaitlistEntry.objects.filter(agency=agency).order_by(
        "-priority", "rank", "created", "pk"
    )[: len(by_list)]
    drawn = sum(1 for e in first if kinds[e.identification] == "program")
    return _report(
        simulation,
        kinds,
        (seats, program_seats, drawn / len(by_list) if by_list else 0.0),
        unbound,
        free,
    )


def _report(simulation, kinds, taken, unbound, free) -> bool:
    seats, program_seats, drawn_share = taken
    share = sum(1 for kind in kinds.values() if kind == "program") / len(kinds)
    seat_share = program_seats / seats if seats else 0.0
    total = len(kinds)
    sigma = (
        math.sqrt(share * (1 - share) * (total - seats) / max(total - 1, 1) / seats)
        if seats
        else 0.0
    )
    tolerance = 2 * sigma
    polls = simulation.polls
    print(
        f"FAIRNESS mode=lista_espera freed={CANCELLATIONS} waitlist={total} "
        f"program_list_share={share:.2f} program_seat_share={seat_share:.2f} "
        f"program_drawn_share={drawn_share:.2f} "
        f"tolerance={tolerance:.2f} polling_attempts={polls['attempts']} "
        f"polling_seats={polls['seats']} returned={free} unbound_seats={unbound} "
        f"ransom_seats=0 people_blocked={simulation.blocked}"
    )
    fair = seat_share <= share + tolerance and polls["seats_with_list"] == 0
    print(
        f"  lista_espera: los programas eran {share:.0%} de la lista (se inscribieron "
        f"primero) y se llevaron {seat_share:.0%} de los {seats} lugares liberados "
        f"que se tomaron; entre los primeros {seats} del orden sorteado eran "
        f"{drawn_share:.0%} (el ruido del sorteo con esta muestra es "
        f"±{tolerance:.0%}). Sus {polls['attempts']} intentos de reservar un lugar "
        f"liberado desde el calendario obtuvieron {polls['seats']}: "
        + (
            "llegar primero o consultar sin parar no dio ventaja."
            if fair
            else "FALLA: los programas obtuvieron más que su parte."
        )
    )
    return fair
