"""Draws (sorteo): applications in a window, an allocation by a published seed that
anyone can recompute, winners with turns in their names, the others kept for the
next draw, freed seats for the next draw, one transaction per agency-day."""

import datetime
import hashlib
import random

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from clavepatronal.appointments.allocation import (
    Entry,
    allocate,
    draw_order,
    seed_hash,
)
from clavepatronal.appointments.constants import ApplicationStatus, DrawStatus
from clavepatronal.appointments.models import Draw, Slot, Turn, TurnApplication
from clavepatronal.appointments.selectors import slot_calendar
from clavepatronal.appointments.selectors.draws import (
    DayPhase,
    application_draws_lost,
    application_entry,
    application_losses,
    application_pseudonym,
    draw_verify,
)
from clavepatronal.appointments.services import (
    application_file,
    draw_run,
    draws_prepare,
    turn_book,
    turn_cancel,
)
from clavepatronal.appointments.services import draws as draw_services
from clavepatronal.appointments.services.draw_results import SYSTEM as SYSTEM_LABEL
from clavepatronal.audit.models import AuditEvent
from clavepatronal.backoffice.selectors.audit import audit_event_search
from clavepatronal.core.exceptions import ApplicationError

from ..staff import verified_login
from .conftest import NOW, local, verified_person
from .factories import TurnFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 12, 21)  # opened by Tuesday's 07:00 release
DURING = local(2026, 12, 8, 10, 0)  # the window: Tuesday 07:00 to 19:00
DRAW_TIME = local(2026, 12, 8, 19, 0)
SEED = "5e" * 32


def entry(name, *hours, priority=False, any_hour=False):
    return Entry(name, priority, any_hour, tuple(hours))


def test_the_order_is_the_seed_and_the_pseudonym_never_the_arrival():
    entries = [entry(f"p{i}", "08:00") for i in range(50)]
    order = [e.pseudonym for e in draw_order(SEED, entries)]
    assert order == [e.pseudonym for e in draw_order(SEED, list(reversed(entries)))]
    assert order != [e.pseudonym for e in draw_order("6f" * 32, entries)]
    assert order != sorted(order)  # not alphabetical, not arrival


def test_priority_first_then_preferences_in_order_then_any_hour():
    pool = [("2026-12-21T08:00", 1), ("2026-12-21T08:20", 1), ("2026-12-21T08:40", 1)]
    entries = [
        entry("a", "08:00"),
        entry("b", "08:00"),
        entry("veterano", "08:00", priority=True),
        entry("c", "10:00", any_hour=True),
    ]
    won = allocate(SEED, entries, pool)
    assert won["veterano"] == "2026-12-21T08:00"
    assert "a" not in won or "b" not in won  # one seat at 08:00 went to priority
    assert won["c"] in {"2026-12-21T08:20", "2026-12-21T08:40"}
    # An hour someone asked for goes to them before anyone who takes any hour.
    taker = entry("0", any_hour=True)
    asked = entry("1", "08:00")
    assert allocate(SEED, [taker, asked], pool[:1]) == {"1": "2026-12-21T08:00"}
    assert allocate(SEED, entries, pool) == won  # deterministic


@pytest.fixture
def sorteo(agency):
    agency.allocation_mode = "SORTEO"
    agency.save()
    (draw,) = draws_prepare(now=NOW)
    return draw


def apply(agency, clave, hours=("08:00",), any_hour=False, person=None, now=DURING):
    return application_file(
        **(person or verified_person(now=now)),
        agency=agency,
        procedure_type=clave,
        day=DAY,
        hours=list(hours),
        any_hour=any_hour,
        now=now,
    )


def test_the_seed_hash_is_published_before_the_window_opens(sorteo, client):
    assert sorteo.day == DAY and sorteo.opens_at > NOW
    assert sorteo.seed_hash == seed_hash(sorteo.seed)
    page = client.get(
        reverse("appointments:draw_public", args=[sorteo.agency_id, DAY.isoformat()])
    ).content.decode()
    assert sorteo.seed_hash in page and sorteo.seed not in page
    assert AuditEvent.objects.filter(action="sorteo.publicado").count() == 1
    assert draws_prepare(now=NOW) == []  # once


def test_a_drawn_day_takes_applications_not_bookings(
    sorteo, agency, clave, django_capture_on_commit_callbacks
):
    days = {d.date: d for d in slot_calendar(agency=agency, now=DURING)}
    assert days[DAY].phase == DayPhase.SOLICITUDES
    with pytest.raises(ApplicationError, match="se asigna por sorteo"):
        turn_book(
            **verified_person(now=DURING),
            agency=agency,
            procedure_type=clave,
            starts_at=local(2026, 12, 21, 8, 0),
            now=DURING,
        )
    person = verified_person(now=DURING)  # its registration's mail is not this one
    with django_capture_on_commit_callbacks(execute=True):
        application = apply(agency, clave, person=person)
    assert application.status == ApplicationStatus.PENDIENTE
    assert not Turn.objects.exists() and not Slot.objects.exists()
    (message,) = [m for m in mail.outbox if m.to == [application.email]]
    assert message.subject == "Solicitud de turno registrada — sorteo IESS"
    assert application_pseudonym(application.pk) in message.body
    with pytest.raises(ApplicationError):
        apply(agency, clave, now=DRAW_TIME)  # the window closed


@pytest.mark.parametrize("spoil", ["other_email", "stale", "no_verification"])
def test_filing_an_application_needs_a_verified_email(sorteo, agency, clave, spoil):
    from clavepatronal.notifications.models import EmailVerification

    person = verified_person(now=DURING)
    if spoil == "other_email":
        person["email"] = "otra@correo.ec"
    elif spoil == "stale":
        EmailVerification.objects.filter(pk=person["verification_id"]).update(
            used_at=DURING - datetime.timedelta(minutes=61)
        )
    else:
        person["verification_id"] = None
    with pytest.raises(ApplicationError, match="verifique su correo") as raised:
        apply(agency, clave, person=person)
    assert raised.value.extra["code"] == "not_verified"
    assert not TurnApplication.objects.exists()


def test_the_draw_gives_turns_to_winners_and_keeps_the_others(
    sorteo, agency, clave, django_capture_on_commit_callbacks
):
    applications = [apply(agency, clave) for _ in range(5)]  # 2 seats at 08:00
    anywhere = apply(agency, clave, hours=(), any_hour=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        draw = draw_run(draw_id=sorteo.pk, now=DRAW_TIME)
    assert draw.status == DrawStatus.REALIZADO
    assert (draw.applications, draw.winners) == (6, 3)
    winners = TurnApplication.objects.filter(status=ApplicationStatus.ASIGNADA)
    assert winners.count() == 3 and anywhere in winners
    for won in winners:
        turn = won.turn
        assert turn.identification == won.identification
        assert turn.registration_id == won.registration_id
        assert timezone_day(turn) == DAY
    losers = TurnApplication.objects.filter(status=ApplicationStatus.PENDIENTE)
    assert losers.count() == 3
    assert all(application_losses(application=a) == 1 for a in losers)
    slot = Slot.objects.get(agency=agency, starts_at=local(2026, 12, 21, 8, 0))
    assert slot.booked == 2 and slot.held == 0
    assert draw_verify(draw).ok
    assert {a.pk for a in applications} >= set(losers.values_list("pk", flat=True))
    # Winners get the confirmation, the others an e-mail saying so.
    subjects = [m.subject for m in mail.outbox]
    assert subjects.count("Confirmación del Turno en Línea — IESS") == 3
    assert subjects.count("Resultado del sorteo de turnos — IESS") == 3
    # Losing writes no row: the draw records its losers once, and the trail
    # answers for each of them which draw it lost.
    (lost,) = AuditEvent.objects.filter(action="solicitud.no_asignada")
    assert (lost.target_type, lost.target_id) == ("appointments.draw", str(draw.pk))
    assert lost.data == {"applications": sorted(a.pk for a in losers)}
    assert all(application_draws_lost(application=a) == [draw] for a in losers)
    assert all(application_draws_lost(application=w) == [] for w in winners)
    # The administrators' audit search by an application's number finds that event.
    for loser in losers:
        assert lost in audit_event_search(target=str(loser.pk))
    # (The search is by any object's number: a winner numbered as the draw finds it.)
    others = [w for w in winners if str(w.pk) != lost.target_id]
    assert len(others) >= 2
    for winner in others:
        assert lost not in audit_event_search(target=str(winner.pk))
    assert AuditEvent.objects.filter(action="sorteo.realizado").count() == 1
    # A second run, or a second worker, changes nothing.
    assert draw_run(draw_id=sorteo.pk, now=DRAW_TIME) is None
    assert Turn.objects.count() == 3


def timezone_day(turn):
    from django.utils import timezone

    return timezone.localtime(turn.slot.starts_at).date()


def test_anyone_recomputes_the_draw_and_a_tampered_result_fails(sorteo, agency, clave):
    for _ in range(4):
        apply(agency, clave)
    draw = draw_run(draw_id=sorteo.pk, now=DRAW_TIME)
    call_command("verificar_sorteo", str(agency.pk), DAY.isoformat())
    forged = dict(draw.result)
    forged["assigned"] = {**forged["assigned"], "intruso": "2026-12-21T08:00"}
    Draw.objects.filter(pk=draw.pk).update(result=forged)
    draw.refresh_from_db()
    assert not draw_verify(draw).ok


def test_a_draw_interrupted_half_way_leaves_nothing_and_reruns_the_same(
    sorteo, agency, clave, monkeypatch
):
    for _ in range(5):
        apply(agency, clave)

    def crash(*args, **kwargs):
        raise RuntimeError("trabajador detenido a mitad del sorteo")

    monkeypatch.setattr(draw_services, "applications_close", crash)
    with pytest.raises(RuntimeError):
        draw_run(draw_id=sorteo.pk, now=DRAW_TIME)
    sorteo.refresh_from_db()
    assert sorteo.status == DrawStatus.ABIERTO
    assert not Turn.objects.exists() and not Slot.objects.exists()
    assert not TurnApplication.objects.exclude(status="PENDIENTE").exists()
    monkeypatch.undo()
    expected = allocate(
        sorteo.seed,
        [
            application_entry(a, losses=0)
            for a in TurnApplication.objects.order_by("pk")
        ],
        [(f"2026-12-21T{h}", 2) for h in ("08:00",)],
    )
    draw = draw_run(draw_id=sorteo.pk, now=DRAW_TIME)
    assert draw.result["assigned"] == expected


def test_a_seat_freed_on_a_drawn_day_waits_for_the_next_draw(sorteo, agency, clave):
    apply(agency, clave)
    apply(agency, clave)
    draw_run(draw_id=sorteo.pk, now=DRAW_TIME)
    turn = Turn.objects.first()
    # The next release's draw is published; then the winner cancels.
    (next_draw,) = draws_prepare(now=DRAW_TIME)
    turn_cancel(turn=turn, now=DRAW_TIME)
    slot = Slot.objects.get(pk=turn.slot_id)
    assert (slot.booked, slot.held) == (1, 1)
    # Nobody polling gets it now...
    with pytest.raises(ApplicationError):
        turn_book(
            **verified_person(now=DRAW_TIME),
            agency=agency,
            procedure_type=clave,
            starts_at=slot.starts_at,
            now=DRAW_TIME,
        )
    # ...it is in the next draw's pool.
    late = verified_person(now=next_draw.opens_at)
    application_file(
        **late,
        agency=agency,
        procedure_type=clave,
        day=next_draw.day,
        hours=["08:00"],
        any_hour=False,
        now=next_draw.opens_at,
    )
    drawn = draw_run(draw_id=next_draw.pk, now=next_draw.closes_at)
    assert ["2026-12-21T08:00", 1] in drawn.result["pool"]


def test_an_application_never_enters_the_draw_of_an_earlier_day(sorteo, agency, clave):
    """Only when a draw runs late, once the next day's window has opened: the
    applications for that next day wait for their own draw."""
    apply(agency, clave)
    later = apply(agency, clave)
    TurnApplication.objects.filter(pk=later.pk).update(
        day=DAY + datetime.timedelta(days=1)
    )
    draw = draw_run(draw_id=sorteo.pk, now=DRAW_TIME)
    assert draw.applications == 1
    later.refresh_from_db()
    assert later.status == ApplicationStatus.PENDIENTE
    assert application_losses(application=later) == 0


def test_the_pseudonyms_of_a_draw_are_the_salted_hmac_of_each_id():
    from django.utils.crypto import salted_hmac

    from clavepatronal.appointments.constants import APPLICATION_PSEUDONYM_SALT
    from clavepatronal.appointments.selectors.draws import application_pseudonyms

    ids = [1, 7, 123456789]
    expected = [
        salted_hmac(APPLICATION_PSEUDONYM_SALT, str(i), algorithm="sha256").hexdigest()[
            :16
        ]
        for i in ids
    ]
    assert application_pseudonyms(ids) == expected
    assert [application_pseudonym(i) for i in ids] == expected
    # A run of draws keeps those computed (a day's losers enter the next draw).
    known = {}
    assert application_pseudonyms(ids[:2], known) == expected[:2]
    assert known == dict(zip(ids[:2], expected[:2], strict=True))
    assert application_pseudonyms(ids, known) == expected
    assert len(known) == 3


def test_draws_lost_in_a_row_give_priority_in_the_next_draw(
    sorteo, agency, clave, settings
):
    settings.TURNOS_DRAW_PRIORITY_AFTER = 1
    for _ in range(3):  # 2 seats at 08:00
        apply(agency, clave)
    draw_run(draw_id=sorteo.pk, now=DRAW_TIME)
    (veteran,) = TurnApplication.objects.filter(status=ApplicationStatus.PENDIENTE)
    assert application_losses(application=veteran) == 1
    (next_draw,) = draws_prepare(now=DRAW_TIME)
    for _ in range(4):
        application_file(
            **verified_person(now=next_draw.opens_at),
            agency=agency,
            procedure_type=clave,
            day=next_draw.day,
            hours=["08:00"],
            any_hour=False,
            now=next_draw.opens_at,
        )
    drawn = draw_run(draw_id=next_draw.pk, now=next_draw.closes_at)
    priority = {pseudonym: first for pseudonym, first, *_ in drawn.result["entries"]}
    assert priority.pop(application_pseudonym(veteran.pk)) == 1
    assert not any(priority.values())  # the newcomers lost nothing yet
    veteran.refresh_from_db()
    assert veteran.status == ApplicationStatus.ASIGNADA
    # Out of the draws, what it lost is read from the audit trail.
    assert application_draws_lost(application=veteran) == [sorteo]
    assert application_losses(application=veteran) == 1
    still_in = TurnApplication.objects.filter(status=ApplicationStatus.PENDIENTE)
    assert still_in.count() == 3
    assert all(application_losses(application=a) == 1 for a in still_in)
    assert all(application_draws_lost(application=a) == [drawn] for a in still_in)


def test_the_admin_lists_the_draws_each_pending_application_lost(
    sorteo, agency, clave, client, django_user_model
):
    admin = django_user_model.objects.create_superuser(
        "admin-sorteos", "sorteos@iess.gob.ec", "una-clave-larga-123"
    )
    admin_client = verified_login(client, admin)
    for _ in range(3):  # 2 seats at 08:00
        apply(agency, clave)
    draw_run(draw_id=sorteo.pk, now=DRAW_TIME)
    response = admin_client.get(
        reverse("admin:appointments_turnapplication_changelist")
    )
    page = response.content.decode()
    assert page.count('<td class="field-losses">1</td>') == 1
    assert page.count('<td class="field-losses">—</td>') == 2


def test_who_took_a_turn_meanwhile_drops_out_of_the_draw(sorteo, agency, clave):
    person = apply(agency, clave)
    employer = apply(agency, clave)
    stays = apply(agency, clave)
    # On days given out in order of arrival: the first person took a turn, another
    # representative of the second one's employer took one, and the third took
    # one and cancelled it.
    TurnFactory(
        agency=agency,
        starts_at=local(2026, 12, 9, 8, 0),
        procedure_type=clave,
        identification=person.identification,
    )
    TurnFactory(
        agency=agency,
        starts_at=local(2026, 12, 9, 8, 20),
        procedure_type=clave,
        employer_identification=employer.employer_identification,
    )
    TurnFactory(
        agency=agency,
        starts_at=local(2026, 12, 9, 8, 40),
        procedure_type=clave,
        identification=stays.identification,
        cancelado=True,
    )
    draw = draw_run(draw_id=sorteo.pk, now=DRAW_TIME)
    assert [e[0] for e in draw.result["entries"]] == [application_pseudonym(stays.pk)]
    status = dict(TurnApplication.objects.values_list("pk", "status"))
    assert status[person.pk] == status[employer.pk] == ApplicationStatus.VENCIDA
    assert status[stays.pk] == ApplicationStatus.ASIGNADA
    # Each dropped application's change is in its own audit trail, with the draw.
    dropped = AuditEvent.objects.filter(action="solicitud.sin_efecto")
    assert sorted(
        (e.target_type, e.target_id, e.data, e.actor_label) for e in dropped
    ) == sorted(
        ("appointments.turnapplication", str(a.pk), {"draw": draw.pk}, SYSTEM_LABEL)
        for a in (person, employer)
    )


def _allocate_as_documented(seed, entries, pool):
    """docs/turnos.md, steps 3 and 4, word for word: the reference the draw's
    faster allocate must match."""
    free = dict(pool)
    order = sorted(
        entries,
        key=lambda e: (
            not e.priority,
            hashlib.sha256(bytes.fromhex(seed) + e.pseudonym.encode()).hexdigest(),
        ),
    )
    won = {}
    for e in order:
        for hour in e.hours:
            start = next((s for s, _n in pool if s[11:16] == hour and free[s]), None)
            if start:
                free[start] -= 1
                won[e.pseudonym] = start
                break
    for e in order:
        if e.any_hour and e.pseudonym not in won:
            start = next((s for s, _n in pool if free[s]), None)
            if start:
                free[start] -= 1
                won[e.pseudonym] = start
    return won


def test_the_allocation_is_the_documented_one_on_random_draws():
    rng = random.Random(15)
    hours = [f"{h:02d}:{m:02d}" for h in range(8, 12) for m in (0, 20, 40)]
    for _ in range(300):
        pool = [
            (f"{day}T{hour}", rng.randint(0, 3))
            for day in ["2026-12-21", "2026-12-17"][: rng.randint(1, 2)]
            for hour in rng.sample(hours, rng.randint(1, len(hours)))
        ]
        entries = [
            entry(
                f"p{rng.randrange(10**9)}",
                *rng.sample(hours, rng.randint(0, 3)),
                priority=rng.random() < 0.1,
                any_hour=rng.random() < 0.5,
            )
            for _ in range(rng.randint(0, 60))
        ]
        seed = rng.randbytes(32).hex()
        assert allocate(seed, entries, pool) == _allocate_as_documented(
            seed, entries, pool
        )
