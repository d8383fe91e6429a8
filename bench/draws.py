"""`make bench-draws` — a benchmark, not a test: how long the draws take.

24 agencies in sorteo, 14 drawn days each (336 Draw rows whose window has closed) and
100,000 pending applications spread over those agency-days, inserted in bulk (the
benchmark measures the draw, not the filing). Then draws_run_due runs every draw, as
the cron job or a worker would: one transaction per agency-day, each agency's in the
order the windows closed (two agencies at a time on PostgreSQL), so the losers of each
day's draw take part in the next one.

Shared machines are noisy, so the same run measures a baseline: the bulk insert of
the 100,000 applications; `ratio` is the draws' time over the baseline's. Tasks go
to the dummy backend (config/settings/bench_inprocess.py): draw_notify, which mails
each applicant and draws the winners' PDFs, runs in a worker after the draw and is
not part of it. SQLite by default, PostgreSQL when DATABASE_URL is set;
BENCH_PROFILE=1 prints a pyinstrument profile of the draws (of the calling thread: on
PostgreSQL, services.draws.AGENCIES_AT_ONCE = 1 shows what happens inside them).

Prints: BENCH draws applications=N draws=N seconds=S turns=N entries=N db=<vendor>
baseline_insert_seconds=S ratio=X, where `entries` counts every application in every
draw it took part in (the losers of a day's draw are in the next one too).
"""

import datetime
import gc
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.inprocess import django_setup, fresh_database  # noqa: E402

AGENCIES = int(os.environ.get("BENCH_DRAW_AGENCIES", "24"))
DAYS = int(os.environ.get("BENCH_DRAW_DAYS", "14"))
APPLICATIONS = int(os.environ.get("BENCH_DRAW_APPLICATIONS", "100000"))
PROFILE = os.environ.get("BENCH_PROFILE") == "1"
SEED = 20261207


def setup_draws(now: datetime.datetime, rng: random.Random):
    """The agencies (the default grid: 20-minute slots, two people each, 54 seats a
    day), the next DAYS working days from three weeks ahead, and one closed draw per
    agency-day, the earlier day's window closing first; before them, the draws
    already run of the TURNOS_DRAW_PRIORITY_AFTER working days before, which the
    applications with priority lost."""
    from django.conf import settings

    from clavepatronal.appointments.allocation import seed_hash
    from clavepatronal.appointments.models import Agency, Draw
    from clavepatronal.appointments.selectors import working_day_is
    from clavepatronal.catalogue.constants import CLAVE_PATRONAL_CODE
    from clavepatronal.catalogue.models import ProcedureType
    from clavepatronal.identity.models import Province

    clave = ProcedureType.objects.get(code=CLAVE_PATRONAL_CODE)
    province = Province.objects.get(code="17")
    agencies = []
    for number in range(AGENCIES):
        agency = Agency.objects.create(
            province=province,
            name=f"Agencia de prueba {number + 1:02d}",
            address="Av. Amazonas N35-20, Quito",
            slot_minutes=20,
            capacity_per_slot=2,
            allocation_mode="SORTEO",
        )
        agency.procedure_types.add(clave)
        agencies.append(agency)
    days = []
    day = now.date() + datetime.timedelta(days=21)
    while len(days) < DAYS:
        if working_day_is(day=day):
            days.append(day)
        day += datetime.timedelta(days=1)
    lost = []
    day = days[0] - datetime.timedelta(days=1)
    while len(lost) < settings.TURNOS_DRAW_PRIORITY_AFTER:
        if working_day_is(day=day):
            lost.insert(0, day)
        day -= datetime.timedelta(days=1)
    draws = []
    for index, day in enumerate(days):
        closes_at = now - datetime.timedelta(hours=DAYS - index)
        for agency in agencies:
            seed = rng.randbytes(32).hex()
            draws.append(
                Draw(
                    agency=agency,
                    day=day,
                    opens_at=closes_at - datetime.timedelta(hours=12),
                    closes_at=closes_at,
                    seed=seed,
                    seed_hash=seed_hash(seed),
                )
            )
    Draw.objects.bulk_create(draws)
    Draw.objects.bulk_create(
        _draws_done(agencies, lost, now - datetime.timedelta(hours=DAYS + 24))
    )
    return clave, agencies, days, lost[0]


def _draws_done(agencies, days, closed: datetime.datetime) -> list:
    """Draws of `days` already run (no seats, no entries): what their losers lost."""
    from clavepatronal.appointments.allocation import seed_hash
    from clavepatronal.appointments.constants import DrawStatus
    from clavepatronal.appointments.models import Draw

    seed = "0f" * 32
    return [
        Draw(
            agency=agency,
            day=day,
            opens_at=closed - datetime.timedelta(hours=12),
            closes_at=closed,
            seed=seed,
            seed_hash=seed_hash(seed),
            status=DrawStatus.REALIZADO,
            drawn_at=closed,
        )
        for day in days
        for agency in agencies
    ]


def applications_build(clave, agencies, days, lost_day, rng: random.Random) -> list:
    """APPLICATIONS pending applications, round-robin over agency-days: one person
    and one employer each, one to three preferred hours (mornings asked for more),
    half of them «cualquier hora» too, a few with priority: filed for `lost_day`,
    they lost the five draws run since (the count gives them priority)."""
    from clavepatronal.appointments.models import TurnApplication

    hours = [f"{h:02d}:{m:02d}" for h in range(8, 17) for m in (0, 20, 40)][:27]
    weights = [len(hours) - i for i in range(len(hours))]
    applications = []
    for number in range(APPLICATIONS):
        agency = agencies[number % len(agencies)]
        day = days[(number // len(agencies)) % len(days)]
        identification = f"17{number:08d}"
        wanted = list(
            dict.fromkeys(rng.choices(hours, weights=weights, k=rng.randint(1, 3)))
        )
        any_hour = rng.random() < 0.5
        if rng.random() < 0.02:
            day = lost_day
        applications.append(
            TurnApplication(
                agency=agency,
                procedure_type=clave,
                day=day,
                hours=wanted,
                any_hour=any_hour,
                identification_type="CEDULA",
                identification=identification,
                employer_identification=f"{identification}001",
                holder_role="REPRESENTANTE_LEGAL",
                holder_names=f"Representante {number}",
                email=f"persona{number}@bench.ec",
                mobile="+593991234567",
            )
        )
    return applications


def main() -> None:
    django_setup()
    from django.db.models import F
    from django.utils import timezone

    from clavepatronal.appointments.constants import DrawStatus
    from clavepatronal.appointments.models import Draw, Slot, Turn, TurnApplication
    from clavepatronal.appointments.selectors.draws import draw_verify
    from clavepatronal.appointments.services import draws_run_due

    rng = random.Random(SEED)
    with fresh_database() as vendor:
        now = timezone.now().replace(microsecond=0)
        clave, agencies, days, lost_day = setup_draws(now, rng)
        applications = applications_build(clave, agencies, days, lost_day, rng)
        started = time.perf_counter()
        TurnApplication.objects.bulk_create(applications, batch_size=2000)
        baseline = time.perf_counter() - started
        if vendor == "postgresql":
            # Production runs autovacuum, which analyzes a table once a tenth of
            # it is new: applications filed over the day have statistics by the
            # time their draws run. Here they were inserted a moment ago (and a
            # server may run without autovacuum): what it would have done, untimed.
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {TurnApplication._meta.db_table}")
        # A worker running the draws holds none of these: the benchmark's own
        # 100,000 rows would otherwise be walked by every full garbage collection
        # during the draws (more than half of their time in Python).
        filed = len(applications)
        del applications
        gc.collect()

        profiler = None
        if PROFILE:
            from pyinstrument import Profiler

            profiler = Profiler()
            profiler.start()
        started = time.perf_counter()
        drawn = draws_run_due(now=now)
        seconds = time.perf_counter() - started
        if profiler is not None:
            profiler.stop()
            print(
                profiler.output_text(
                    unicode=True,
                    color=False,
                    show_all=os.environ.get("BENCH_PROFILE_ALL") == "1",
                )
            )

        # Not timed: what the draws did is what they should have done.
        assert len(drawn) == len(agencies) * len(days), len(drawn)
        assert not Draw.objects.exclude(status=DrawStatus.REALIZADO).exists()
        assert not Slot.objects.filter(booked__gt=F("capacity")).exists()
        turns = Turn.objects.count()
        done = list(Draw.objects.all())
        assert turns == sum(d.winners for d in done)
        # An application that loses stays in for the agency's next draw: each draw's
        # entries are its day's applications and the earlier days' losers.
        entries = sum(d.applications for d in done)
        for draw in Draw.objects.filter(pk__in=[d.pk for d in drawn]).order_by("?")[:3]:
            assert draw_verify(draw).ok, draw
        print(
            f"BENCH draws applications={filed} draws={len(drawn)} "
            f"seconds={seconds:.2f} turns={turns} entries={entries} db={vendor} "
            f"baseline_insert_seconds={baseline:.2f} ratio={seconds / baseline:.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
