"""`make bench-fairness` — a simulation, not a test: who gets the seats of a scarce
day when it opens, people or programs, in each allocation mode.

One release (the 07:00 that opens a new day) at an agency with SEATS seats that day,
simulated in process through the services the web flow calls (turn_book for
*Confirmar* on a day given in order of arrival; application_file for *Confirmar* on
a drawn day, then draws_run_due at the draw's hour, as cron runs it), on a real
database. Time is simulated: every action carries its own `now=` and an event queue
orders them by simulated time, so an hour of a release runs in seconds. Seeds are
fixed; two runs print the same lines.

Who takes part:
- PEOPLE people, each the legal representative of an employer with an active
  Registro nuevo empleador. They come in the first minutes after 07:00 (orden) or
  at any time of the day's window (sorteo) and take tens of seconds per step.
- OPERATORS bot operators, 100 times faster at every step. Each one
  (a) files for CUSTOMERS customers, with the buyer's real data: their cédula and
      the RUC of their registration, and a throw-away e-mail of the operator's;
  (b) tries GENERATED generated cédulas (valid check digit) with throw-away e-mails
      and a RUC: no registration names them, so the binding refuses every one;
  (c) tries each customer again under another document type (PASAPORTE): one
      person, one turn or application per procedure, whatever the type.
  A customer gives its operator what the employer's mailbox receives (it hired
  it), so the operator books as its customer would.
- One "ransom" operator, as fast, books in the names of RANSOM registered employers
  that never hired it, with the public data of each (the RUC and the legal
  representative's cédula) and its own mailboxes (aliases), first plainly, then
  asking to wait for the employer's confirmation; it would resell the seats.
Each person reads their employer's registration e-mail (the representative's own).
The e-mail code step is taken as done beforehand (a verified address, as anyone
can verify an hour ahead); rate limits per address are not simulated (operators
rotate addresses), so the figures show what the binding and the draw do alone.

In sorteo everyone (people and bots) asks for one to three hours drawn from the
same distribution, half of them «cualquier hora» too: the only difference between
them is speed, and the draw must make that worthless.

A third agency starts in AUTO (modo automático): its last TURNOS_AUTO_DAYS released
days are given out in order of arrival to the same people and programs, one
release each, with the clock of the simulation (Turn.created included, as the
decision reads it); turnos_sorteos' decision on the eve switches it to the draw,
and the scarce day is drawn as in sorteo. Its line is that day's.

A fourth agency, in order of arrival, is the waiting list's scenario
(bench/fairness_waitlist.py): its line, mode=lista_espera, says whether programs
that join the list first and poll the calendar for freed seats got more of them
than their share of the list; the run fails (exit 1) if they did.

Prints one line per mode:
FAIRNESS mode=<orden|sorteo|auto> seats=N people=N bot_applications=N bot_share=X
bot_application_share=Y human_success=Z unbound_seats=U ransom_seats=R
people_blocked=B
(ransom_seats: seats held by the ransom operator, waiting or not; people_blocked:
people refused because someone else held their employer's turn or application).
and a detail line and an explanation line for each.
"""

import contextlib
import datetime
import heapq
import math
import random
import secrets
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.fairness_waitlist import run_waitlist  # noqa: E402
from bench.inprocess import django_setup, fresh_database  # noqa: E402

PEOPLE = 60
OPERATORS = 3
CUSTOMERS = 15  # per operator: 45 customers, so 105 valid applicants for 27 seats
GENERATED = 40  # per operator
RANSOM = 30  # employers the ransom operator targets (half the people's)
SLOT_MINUTES = 60  # 08:00 to 16:00, nine starts
CAPACITY = 3  # people per start: 27 seats
BOT_SPEEDUP = 100
SEED = 20270301
# A Monday before the release that opens a working day 13 days later.
BEFORE_RELEASE = datetime.datetime(2027, 3, 1, 6, 0)


def cedula(number: int, province: str = "17") -> str:
    """A valid cédula, distinct for every `number` < 10**7."""
    digits = f"{province}{number:07d}"
    total = 0
    for position, digit in enumerate(digits):
        product = int(digit) * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return digits + str((10 - total % 10) % 10)


@dataclass
class Actor:
    kind: str  # "person", "bot" (a customer filed by an operator), "generated",
    # "ransom" (someone else's employer, with its public data)
    identification: str
    email: str
    employer: str
    speed: float  # 1 for people, BOT_SPEEDUP for programs
    tries: int = 0
    confirms: int = 0
    outcome: str = ""
    blocked: bool = False  # refused: their employer's turn was someone else's
    hours: list = field(default_factory=list)
    any_hour: bool = False


def registration_for(identification: str, number: int, email: str):
    """A real registration (the service, with its PDFs) naming `identification` as
    the legal representative of a natural person's RUC, with `email` as its
    contact e-mail."""
    from django.utils import timezone

    from clavepatronal.employers.services import registration_create
    from clavepatronal.employers.services.registration import RegistrationData
    from clavepatronal.identity.models import Province

    return registration_create(
        data=RegistrationData(
            sector="PRIVADO",
            employer_identification=f"{identification}001",
            business_name=f"Empleador simulado {number}",
            main_activity="Venta al por mayor de alimentos",
            province=Province.objects.get(code="17"),
            canton="Quito",
            address="Av. 10 de Agosto N24-12 y Luis Cordero",
            phone="+59322543210",
            email=email,
            rep_id_type="CEDULA",
            rep_identification=identification,
            rep_names=f"Representante simulado {number}",
            rep_nationality="Ecuatoriana",
            rep_email=f"representante{number}@simulado.ec",
            rep_mobile="+593991234567",
        ),
        email_verified_at=timezone.now(),
    )


def actors_make(rng: random.Random) -> list[Actor]:
    people = [
        Actor("person", cedula(n), f"persona{n}@correo.ec", f"{cedula(n)}001", 1)
        for n in range(1, PEOPLE + 1)
    ]
    bots = []
    for operator in range(OPERATORS):
        for c in range(CUSTOMERS):
            number = 10_000 + operator * 1000 + c
            bots.append(
                Actor(
                    "bot",
                    cedula(number),
                    f"{rng.getrandbits(32):08x}@desechable.example",
                    f"{cedula(number)}001",
                    BOT_SPEEDUP,
                )
            )
    real_rucs = [a.employer for a in people + bots]
    generated = []
    for operator in range(OPERATORS):
        for g in range(GENERATED):
            number = 500_000 + operator * 1000 + g
            ruc = (
                rng.choice(real_rucs)  # a real employer that does not name them
                if g % 2
                else f"{cedula(number, '09')}001"  # an employer nobody registered
            )
            generated.append(
                Actor(
                    "generated",
                    cedula(number, "09"),
                    f"{rng.getrandbits(32):08x}@desechable.example",
                    ruc,
                    BOT_SPEEDUP,
                )
            )
    ransom = [
        Actor(
            "ransom",
            target.identification,  # the representative's cédula: public
            f"rescate+{n}@rescate.example",
            target.employer,
            BOT_SPEEDUP,
        )
        for n, target in enumerate(people[:RANSOM])
    ]
    for number, actor in enumerate(people + bots, 1):
        registration_for(actor.identification, number, actor.email)
    return people + bots + generated + ransom


def verified(actor: Actor, now: datetime.datetime) -> dict:
    """Booking arguments of an actor whose e-mail code was used at `now`."""
    from clavepatronal.notifications.constants import VerificationPurpose
    from clavepatronal.notifications.models import EmailVerification

    verification = EmailVerification.objects.create(
        purpose=VerificationPurpose.TURNO,
        subject=actor.identification,
        email=actor.email,
        salt=secrets.token_hex(16),
        code_hash="0" * 64,
        expires_at=now + datetime.timedelta(minutes=10),
        used_at=now,
    )
    return {
        "verification_id": verification.pk,
        "identification_type": "CEDULA",
        "identification": actor.identification,
        "email": actor.email,
        "mobile": "+593991234567",
        "employer_identification": actor.employer,
    }


def think(rng: random.Random, actor: Actor, median: float) -> float:
    """Seconds a step takes: log-normal around `median` for a person."""
    return rng.lognormvariate(math.log(median), 0.5) / actor.speed


class Release:
    """The simulated clock and its event queue."""

    def __init__(self, opens_at: datetime.datetime) -> None:
        self.opens_at = opens_at
        self.queue: list = []
        self.sequence = 0

    def at(self, seconds: float, actor: Actor, step: str) -> None:
        self.sequence += 1
        heapq.heappush(self.queue, (seconds, self.sequence, actor, step))

    # The auto run's clock: what django.utils.timezone.now answers meanwhile.
    clock: list | None = None

    def run(self, handle) -> None:
        while self.queue:
            seconds, _n, actor, step = heapq.heappop(self.queue)
            now = self.opens_at + datetime.timedelta(seconds=seconds)
            if Release.clock is not None:
                Release.clock[0] = now
            handle(seconds, now, actor, step)


@contextlib.contextmanager
def simulated_clock(start: datetime.datetime):
    """django.utils.timezone.now (auto_now_add: Turn.created, the audit events)
    answers the simulation's time, which Release.run moves; `clock[0] = …` sets
    it between releases."""
    from unittest import mock

    clock = [start]
    Release.clock = clock
    try:
        with mock.patch("django.utils.timezone.now", lambda: clock[0]):
            yield clock
    finally:
        Release.clock = None


def code_of(error) -> str:
    return (getattr(error, "extra", None) or {}).get("code", type(error).__name__)


def blocked_check(actor: Actor, code: str) -> None:
    """A person refused because their employer's turn (or application, or a turn
    waiting for its confirmation) is held by someone else."""
    if actor.kind == "person" and code in ("active_turn", "employer_waiting"):
        actor.blocked = True


def run_orden(agency, clave, day, opens_at, actors, rng) -> dict:
    """Day given in order of arrival: whoever presses *Confirmar* first."""
    from clavepatronal.appointments.selectors import slot_calendar
    from clavepatronal.appointments.services import turn_book
    from clavepatronal.core.exceptions import ApplicationError

    release = Release(opens_at)
    refused = {"not_named": 0, "duplicate": 0}
    last_seat = [0.0]
    for actor in actors:
        # People waiting for 07:00 come within two minutes; programs are there.
        release.at(rng.uniform(0, 120) / actor.speed, actor, "view")

    def handle(seconds, now, actor, step):
        if step == "view":  # step g: the day's free hours
            days = {d.date: d for d in slot_calendar(agency=agency, now=now)}
            free = [s.starts_at for s in days[day].slots] if day in days else []
            if not free or actor.tries >= (3 if actor.kind == "person" else 50):
                actor.outcome = actor.outcome or "sin_lugar"
                return
            actor.tries += 1
            actor.hours = [rng.choice(free[: max(3, len(free) // 2)])]
            release.at(seconds + think(rng, actor, 40), actor, "confirm")
        elif step == "confirm":  # step h: Confirmar
            actor.confirms += 1
            try:
                turn_book(
                    **verified(actor, now),
                    agency=agency,
                    procedure_type=clave,
                    starts_at=actor.hours[0],
                    employer_pending=actor.kind == "ransom" and actor.confirms > 1,
                    now=now,
                )
            except ApplicationError as error:
                code = code_of(error)
                blocked_check(actor, code)
                if actor.kind == "ransom" and actor.confirms < 2:
                    release.at(seconds + think(rng, actor, 5), actor, "confirm")
                elif code == "not_named":
                    refused["not_named"] += 1
                    actor.outcome = "rechazado"
                elif code == "sin_disponibilidad":
                    release.at(seconds + think(rng, actor, 15), actor, "view")
                else:
                    actor.outcome = code
                return
            actor.outcome = "turno"
            last_seat[0] = seconds
            if actor.kind == "bot":  # the same number as another document type
                release.at(seconds + think(rng, actor, 5), actor, "again")
        elif step == "again":
            try:
                turn_book(
                    **{**verified(actor, now), "identification_type": "PASAPORTE"},
                    agency=agency,
                    procedure_type=clave,
                    starts_at=actor.hours[0],
                    now=now,
                )
            except ApplicationError:
                refused["duplicate"] += 1

    release.run(handle)
    return {"refused": refused, "last_seat_seconds": last_seat[0]}


def run_sorteo(agency, clave, day, opens_at, actors, rng) -> dict:
    """Day given by a draw: applications all day, then draws_run_due at 19:00."""
    from django.utils import timezone

    from clavepatronal.appointments.allocation import seed_hash
    from clavepatronal.appointments.models import Draw
    from clavepatronal.appointments.selectors import slot_starts
    from clavepatronal.appointments.services import application_file, draws_run_due
    from clavepatronal.core.exceptions import ApplicationError

    draw = Draw.objects.get(agency=agency, day=day)
    # The seed is chosen before the window opens; fixed here so runs repeat.
    seed = rng.randbytes(32).hex()
    Draw.objects.filter(pk=draw.pk).update(seed=seed, seed_hash=seed_hash(seed))
    window = (draw.closes_at - draw.opens_at).total_seconds()
    grid = [
        timezone.localtime(s).strftime("%H:%M")
        for s in slot_starts(agency=agency, day=day)
    ]
    weights = [len(grid) - i for i in range(len(grid))]  # mornings asked for more
    release = Release(draw.opens_at)
    refused = {"not_named": 0, "duplicate": 0}
    for actor in actors:
        actor.hours = list(
            dict.fromkeys(rng.choices(grid, weights=weights, k=rng.randint(1, 3)))
        )
        actor.any_hour = rng.random() < 0.5
        # People apply at any time of the window; programs at once.
        arrival = rng.uniform(0, window - 600) if actor.kind == "person" else 0.0
        release.at(arrival + think(rng, actor, 60), actor, "confirm")

    def handle(seconds, now, actor, step):
        actor.confirms += 1
        arguments = verified(actor, now)
        if step == "again":
            arguments["identification_type"] = "PASAPORTE"
        try:
            application_file(
                **arguments,
                agency=agency,
                procedure_type=clave,
                day=day,
                hours=actor.hours,
                any_hour=actor.any_hour,
                now=now,
            )
        except ApplicationError as error:
            blocked_check(actor, code_of(error))
            if step == "again" or code_of(error) == "active_turn":
                refused["duplicate"] += 1
            elif code_of(error) == "not_named":
                refused["not_named"] += 1
                actor.outcome = "rechazado"
            else:
                actor.outcome = code_of(error)
            return
        actor.outcome = "solicitud"
        if actor.kind == "bot":
            release.at(seconds + think(rng, actor, 5), actor, "again")

    release.run(handle)
    drawn = draws_run_due(now=draw.closes_at)
    assert [d.pk for d in drawn] == [draw.pk], drawn
    return {"refused": refused, "draw": drawn[0]}


def unbound_seats(turns) -> int:
    """Turns whose holder no active registration of their employer names."""
    from clavepatronal.employers.selectors import (
        registration_active_get,
        registration_named_person,
    )

    unbound = 0
    for turn in turns:
        registration = registration_active_get(
            identification=turn.employer_identification
        )
        if registration is None or (
            registration_named_person(
                registration=registration, identification=turn.identification
            )
            is None
        ):
            unbound += 1
    return unbound


def report(mode: str, seats: int, actors: list[Actor], turns, result: dict) -> None:
    holders = {t.identification for t in turns}
    ransom_mailboxes = {a.email for a in actors if a.kind == "ransom"}
    ransom_seats = sum(1 for t in turns if t.email in ransom_mailboxes)
    people_blocked = sum(1 for a in actors if a.kind == "person" and a.blocked)
    people = [a for a in actors if a.kind == "person"]
    bots = [a for a in actors if a.kind == "bot"]
    generated = [a for a in actors if a.kind == "generated"]
    bot_seats = sum(1 for a in bots if a.identification in holders)
    human_seats = sum(1 for a in people if a.identification in holders)
    # Valid applications (in orden: those who came to book) with an identity the
    # binding accepted: each person and each customer once.
    valid_bots = sum(1 for a in bots if a.outcome != "rechazado")
    valid = valid_bots + sum(1 for a in people if a.outcome != "rechazado")
    share = bot_seats / len(turns) if turns else 0.0
    application_share = valid_bots / valid if valid else 0.0
    print(
        f"FAIRNESS mode={mode} seats={seats} people={len(people)} "
        f"bot_applications={valid_bots} bot_share={share:.2f} "
        f"bot_application_share={application_share:.2f} "
        f"human_success={human_seats / len(people):.2f} "
        f"unbound_seats={unbound_seats(turns)} ransom_seats={ransom_seats} "
        f"people_blocked={people_blocked}"
    )
    refused = result["refused"]
    print(
        f"  detalle mode={mode} turns={len(turns)} human_turns={human_seats} "
        f"bot_turns={bot_seats} generated_attempts={len(generated)} "
        f"refused_unbound={refused['not_named']} "
        f"refused_other_document_type={refused['duplicate']} "
        f"confirm_presses={sum(a.confirms for a in actors)} "
        f"ransom_refused={sum(1 for a in actors if a.kind == 'ransom' and a.outcome)}"
    )
    if "draw" not in result:  # given in order of arrival
        print(
            f"  {mode}: los programas eran {application_share:.0%} de quienes "
            f"reservaron con una identidad válida y se llevaron {share:.0%} de los "
            f"lugares; el último lugar se fue a los "
            f"{result['last_seat_seconds']:.1f} s de la apertura."
        )
        return
    # The draw's sampling noise: the seats' holders as a draw without replacement
    # from the valid applications (hypergeometric).
    n, total = len(turns), valid
    p = application_share
    sigma = math.sqrt(p * (1 - p) * (total - n) / max(total - 1, 1) / n) if n else 0
    within = abs(share - p) <= 2 * sigma
    print(
        f"  {mode}: bot_share - bot_application_share = {share - p:+.2f}; el ruido "
        f"del sorteo (hipergeométrico, {n} lugares entre {total} solicitudes) es "
        f"σ = {sigma:.2f}: la diferencia está "
        f"{'dentro de' if within else 'FUERA de'} 2σ. Llegar primero no dio ventaja: "
        f"el orden es SHA-256(semilla ‖ seudónimo), no la hora de llegada."
    )


def actors_reset(actors: list[Actor]) -> None:
    for actor in actors:
        actor.tries = actor.confirms = 0
        actor.outcome = ""
        actor.blocked = False


def everyone_free(agency, now: datetime.datetime) -> None:
    """The agency's turns cancelled and its applications still in the draws
    withdrawn: the same people and customers come back elsewhere."""
    from clavepatronal.appointments.constants import (
        APPLICATION_LIVE_STATUSES,
        TURN_ACTIVE_STATUSES,
        TurnStatus,
    )
    from clavepatronal.appointments.models import Turn, TurnApplication
    from clavepatronal.appointments.services import application_cancel, turn_cancel

    held = (*TURN_ACTIVE_STATUSES, TurnStatus.POR_CONFIRMAR)
    for turn in Turn.objects.filter(slot__agency=agency, status__in=held):
        turn_cancel(turn=turn, now=now)
    for application in TurnApplication.objects.filter(
        agency=agency, status__in=APPLICATION_LIVE_STATUSES
    ):
        application_cancel(application=application)


def run_auto(agency, clave, release, before, actors) -> dict:
    """The AUTO agency: its last TURNOS_AUTO_DAYS released days in order of
    arrival, one release each (the clock of the simulation), the decision on the
    eve of the scarce day's release, then that day as the mode decided gives it."""
    from django.conf import settings

    from clavepatronal.appointments.selectors import slot_starts, working_day_is
    from clavepatronal.appointments.selectors.calendar import released_at
    from clavepatronal.appointments.services import draws_prepare
    from clavepatronal.appointments.services.modes import agency_mode_decide

    rng = random.Random(SEED + 1)  # the other modes' lines stay as they were
    days, day = [], release.day
    while len(days) < settings.TURNOS_AUTO_DAYS:
        day -= datetime.timedelta(days=1)
        if working_day_is(day=day, agency=agency):
            days.append(day)
    sold_out = []
    with simulated_clock(before) as clock:
        for day in reversed(days):
            opens = released_at(day)
            clock[0] = opens
            result = run_orden(agency, clave, day, opens, actors, rng)
            sold_out.append(result["last_seat_seconds"])
            clock[0] = opens + datetime.timedelta(hours=2)
            everyone_free(agency, clock[0])
            actors_reset(actors)
        eve = released_at(days[0]) + datetime.timedelta(
            minutes=settings.TURNOS_AUTO_FREE_MINUTES + 1
        )
        clock[0] = eve
        switch = agency_mode_decide(agency_id=agency.pk, now=eve)
        clock[0] = before
        draws_prepare(now=before)
        if switch is None:  # still in order of arrival: the day as orden gives it
            result = run_orden(
                agency, clave, release.day, release.opens_at, actors, rng
            )
            seats = CAPACITY * len(slot_starts(agency=agency, day=release.day))
        else:
            result = run_sorteo(
                agency, clave, release.day, release.opens_at, actors, rng
            )
            seats = result["draw"].seats
    result.update(switch=switch, sold_out=sold_out, seats=seats)
    return result


def auto_report(seats: int, actors: list[Actor], turns, result: dict) -> None:
    switch = result["switch"]
    report("auto", seats, actors, turns, result)
    seconds = ", ".join(f"{s:.1f} s" for s in result["sold_out"])
    decided = (
        f"el {switch.decided_at:%Y-%m-%d} decidió sorteo desde el "
        f"{switch.effective_from:%Y-%m-%d}"
        if switch
        else "la decisión no cambió el modo"
    )
    print(
        f"  auto: sus últimos {len(result['sold_out'])} días abiertos se agotaron a "
        f"los {seconds} de abrirse; {decided}; el día escaso se asignó por "
        f"{'sorteo' if switch else 'orden de llegada'}."
    )


def main() -> None:
    django_setup()
    from django.utils import timezone

    from clavepatronal.appointments.constants import TURN_ACTIVE_STATUSES, TurnStatus
    from clavepatronal.appointments.models import Agency, Turn
    from clavepatronal.appointments.selectors import release_next, slot_starts
    from clavepatronal.appointments.services import draws_prepare, turn_cancel
    from clavepatronal.catalogue.constants import CLAVE_PATRONAL_CODE
    from clavepatronal.catalogue.models import ProcedureType
    from clavepatronal.identity.models import Province

    held = (*TURN_ACTIVE_STATUSES, TurnStatus.POR_CONFIRMAR)  # a seat either way
    started = time.perf_counter()
    with fresh_database():
        clave = ProcedureType.objects.get(code=CLAVE_PATRONAL_CODE)
        before = timezone.make_aware(BEFORE_RELEASE, timezone.get_default_timezone())
        release = release_next(now=before)
        agencies = {}
        for mode in ("ORDEN", "SORTEO", "AUTO"):
            agency = Agency.objects.create(
                province=Province.objects.get(code="17"),
                name=f"Agencia simulada ({mode.lower()})",
                address="Av. Amazonas N35-20, Quito",
                slot_minutes=SLOT_MINUTES,
                capacity_per_slot=CAPACITY,
                allocation_mode=mode,
            )
            agency.procedure_types.add(clave)
            agencies[mode] = agency
        seats = CAPACITY * len(slot_starts(agency=agencies["ORDEN"], day=release.day))
        rng = random.Random(SEED)
        actors = actors_make(rng)
        draws_prepare(now=before)

        result = run_orden(
            agencies["ORDEN"], clave, release.day, release.opens_at, actors, rng
        )
        turns = list(
            Turn.objects.filter(slot__agency=agencies["ORDEN"], status__in=held)
        )
        report("orden", seats, actors, turns, result)
        # The same people and customers come back for the sorteo agency.
        for turn in turns:
            turn_cancel(turn=turn, now=release.opens_at + datetime.timedelta(hours=1))
        for actor in actors:
            actor.tries = actor.confirms = 0
            actor.outcome = ""

        result = run_sorteo(
            agencies["SORTEO"], clave, release.day, release.opens_at, actors, rng
        )
        turns = list(
            Turn.objects.filter(slot__agency=agencies["SORTEO"], status__in=held)
        )
        report("sorteo", result["draw"].seats, actors, turns, result)
        # The same people and customers come back for the AUTO agency.
        everyone_free(agencies["SORTEO"], release.opens_at + datetime.timedelta(days=1))
        actors_reset(actors)
        result = run_auto(agencies["AUTO"], clave, release, before, actors)
        turns = list(
            Turn.objects.filter(
                slot__agency=agencies["AUTO"],
                slot__starts_at__date=release.day,
                status__in=held,
            )
        )
        auto_report(result["seats"], actors, turns, result)
        with simulated_clock(before) as clock:
            fair = run_waitlist(clock)
    print(f"  ({time.perf_counter() - started:.1f} s)")
    if not fair:
        sys.exit(1)


if __name__ == "__main__":
    main()
