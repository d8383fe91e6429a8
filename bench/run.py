"""`make bench` — a benchmark, not a test: what our two hottest pages cost next to the
least Django can do, on one gunicorn server, on SQLite and on PostgreSQL.

Windows of WINDOW seconds alternate, PAIRS times each: a bare view rendering a small
template, then the availability page (turnos step g, day and hour); a bare view doing
one conditional UPDATE and one INSERT in a transaction, then the real booking POST
(*Confirmar*: session, CSRF, form, rate limits, seat, turn, audit, e-mail enqueue).
The same closed-loop load generator (CONCURRENCY threads, a new connection per
request, as gunicorn's sync workers close each one) drives every window. The score
of a pair is real ÷ bare throughput; the figure is the median over pairs.

Virtual users are prepared before the windows through the services the views use
(bench/journey.py); each books once, so the booking windows consume them.

Writes bench/results/latest.md and prints one line per database:
BENCH db=<name> booking_ratio=<x> booking_ratio_spread=<min>-<max> booking_p50_ms=<n>
booking_p95_ms=<n> booking_p99_ms=<n> booking_rps_per_core=<n>
booking_bare_rps_per_core=<n>, the same for availability_…, then p99_ms=<n> (the
worse of the two) errors=<n> overbooked=<n>. Ratios are medians over the pairs, the
spread their min–max; p50 and p95 are medians over the windows, p99 the worst.
"""

import argparse
import datetime
import itertools
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "18201"))
WINDOW = float(os.environ.get("BENCH_WINDOW", "8"))
PAIRS = int(os.environ.get("BENCH_PAIRS", "5"))
# Users the pilot window may book (it sizes the rest); CI runs smaller knobs
# (.ci/run): BENCH_WINDOW=3 BENCH_PAIRS=2 BENCH_PILOT_USERS=100.
PILOT_USERS = int(os.environ.get("BENCH_PILOT_USERS", "300"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "6"))
WORKERS = os.environ.get("BENCH_WORKERS", "2")
DATABASES = {
    "sqlite": None,
    "postgresql": os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/clavepatronal_bench"
    ),
}
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
# Two runs on one machine (several checkouts) each need their own files too.
VAR_DIR = Path(os.environ.get("BENCH_VAR_DIR") or ROOT / "var" / "bench")
BOOKED = re.compile(r"^/turnos/turno/[^/]+/$")


# --- the parent: one child process per database, then the report


def bench_env(db: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("DJANGO_", "DATABASE_URL", "REDIS_URL", "CLAVEPATRONAL_")
        )
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.bench",
        CLAVEPATRONAL_VAR_DIR=str(VAR_DIR / db),
        REDIS_URL=REDIS_URL,
        GUNICORN_ACCESSLOG="",
    )
    if DATABASES[db]:
        env["DATABASE_URL"] = DATABASES[db]
    return env


def fresh(db: str, env: dict) -> None:
    subprocess.run(["rm", "-rf", env["CLAVEPATRONAL_VAR_DIR"]], check=True)
    subprocess.run(["redis-cli", "-u", REDIS_URL, "flushdb"], check=True, stdout=-3)
    if DATABASES[db]:
        name = DATABASES[db].rsplit("/", 1)[1]
        base = ["-h", "127.0.0.1", "-U", "postgres"]
        subprocess.run(["dropdb", *base, "--if-exists", name], check=True)
        subprocess.run(["createdb", *base, name], check=True)
    for command in (["migrate", "--no-input"], ["collectstatic", "--no-input"]):
        subprocess.run(
            [PYTHON, "manage.py", *command, "-v", "0"], cwd=ROOT, env=env, check=True
        )


def main() -> None:
    results = {}
    for db in DATABASES:
        env = bench_env(db)
        fresh(db, env)
        child = subprocess.run(
            [PYTHON, __file__, "--one", db], cwd=ROOT, env=env, stdout=subprocess.PIPE
        )
        if child.returncode != 0:
            sys.exit(f"bench {db} falló")
        results[db] = json.loads(child.stdout.decode().strip().splitlines()[-1])
    report(results)


def _ratios(pairs: list[tuple[dict, dict]]) -> list[float]:
    return [real["rps"] / bare["rps"] for bare, real in pairs]


def case_figures(name: str, pairs: list[tuple[dict, dict]]) -> dict:
    """What a user of that page feels, over the case's measured windows: the median
    of each percentile, the worst p99, throughput per core; and the ratio to the
    bare view (median and spread of the pairs)."""
    windows = [real for _bare, real in pairs]
    ratios = _ratios(pairs)
    cores = os.cpu_count() or 1
    return {
        f"{name}_ratio": f"{statistics.median(ratios):.2f}",
        f"{name}_ratio_spread": f"{min(ratios):.2f}-{max(ratios):.2f}",
        f"{name}_p50_ms": f"{statistics.median(w['p50'] for w in windows):.0f}",
        f"{name}_p95_ms": f"{statistics.median(w['p95'] for w in windows):.0f}",
        f"{name}_p99_ms": f"{max(w['p99'] for w in windows):.0f}",
        f"{name}_rps_per_core": (
            f"{statistics.median(w['rps'] for w in windows) / cores:.0f}"
        ),
        f"{name}_bare_rps_per_core": (
            f"{statistics.median(b['rps'] for b, _real in pairs) / cores:.0f}"
        ),
    }


def report(results: dict) -> None:
    lines = [
        "# make bench — latest results",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; one gunicorn server "
        f"({WORKERS} sync workers) on {os.cpu_count()} cores; {CONCURRENCY} "
        f"closed-loop client threads on the same machine; windows of {WINDOW:g} s, "
        f"{PAIRS} pairs each. Ratio = real ÷ the bare window just before it; "
        "req/s per core = req/s ÷ the machine's cores.",
        "",
        "| db | pair | window | requests | rps | p50 ms | p95 ms | p99 ms | errors "
        "| outcome |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    summary = []
    for db, result in results.items():
        for kind in ("availability", "booking"):
            for index, (bare, real) in enumerate(result[kind], 1):
                for window in (bare, real):
                    lines.append(
                        f"| {db} | {kind} {index} | {window['name']} | "
                        f"{window['requests']} | {window['rps']:.1f} | "
                        f"{window['p50']:.1f} | {window['p95']:.1f} | "
                        f"{window['p99']:.1f} | {window['errors']} | "
                        f"{window['outcome']} |"
                    )
        windows = [
            w for kind in ("availability", "booking") for p in result[kind] for w in p
        ]
        figures = {
            **case_figures("booking", result["booking"]),
            **case_figures("availability", result["availability"]),
        }
        p99 = max(int(figures["booking_p99_ms"]), int(figures["availability_p99_ms"]))
        figures.update(
            p99_ms=p99,
            errors=sum(w["errors"] for w in windows),
            overbooked=result["overbooked"],
        )
        summary.append(
            f"BENCH db={db} " + " ".join(f"{k}={v}" for k, v in figures.items())
        )
    lines += ["", "```", *summary, "```", ""]
    # CI's smaller run writes elsewhere: latest.md keeps the full-size figures.
    out = Path(
        os.environ.get("BENCH_RESULTS_FILE") or ROOT / "bench" / "results" / "latest.md"
    )
    out.parent.mkdir(exist_ok=True)
    out.write_text("\n".join(lines))
    print("\n".join(lines[6:-4]))
    print("\n".join(summary))


# --- the child: one database, one server


def one(db: str) -> None:
    # Stopped from outside: still stop the server (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count, F, Q

    from bench.journey import agency_create, bookable_starts, request, user_prepare
    from clavepatronal.appointments.constants import TurnStatus
    from clavepatronal.appointments.models import Slot, Turn

    numbers = itertools.count(1)
    agencies = []
    pairs = []  # (agency, start) with two seats each

    def seat_pairs(count: int) -> None:
        while len(pairs) < count:
            agency = agency_create(
                name=f"Bench {len(agencies) + 1}", capacity=2, slot_minutes=20
            )
            agencies.append(agency)
            pairs.extend((agency, start) for start in bookable_starts(agency))

    def bookers(count: int) -> list:
        """Users at *Confirmar*: two per slot, and one slot in eleven gets a third
        who is told it just filled up (a real refusal, not an error)."""
        first = len(prepared_bookers)
        seat_pairs(int((first + count) / 2.2) + 1)
        for i in range(first, first + count):
            agency, start = pairs[int(i / 2.2)]
            prepared_bookers.append(
                user_prepare(number=next(numbers), agency=agency, starts_at=start)
            )
        return prepared_bookers[first:]

    prepared_bookers: list = []
    watched = agency_create(name="Bench disponibilidad", capacity=3)
    starts = bookable_starts(watched)
    for start in starts[::3]:  # some seats already taken, as on a busy day
        Slot.objects.create(
            agency=watched,
            starts_at=start,
            ends_at=start + datetime.timedelta(minutes=20),
            capacity=3,
            booked=1,
        )
    day = starts[len(starts) // 2].astimezone(datetime.UTC).date().isoformat()
    viewers = [user_prepare(number=next(numbers), agency=watched) for _ in range(32)]

    def bare_slot_new(pair: int) -> Slot:
        """A slot of its own for each bare booking window: its capacity (a small
        integer) is more than one window books, not more than five."""
        start = starts[-1] + datetime.timedelta(days=365 + pair)
        return Slot.objects.create(
            agency=watched,
            starts_at=start,
            ends_at=start + datetime.timedelta(minutes=20),
            capacity=32767,
        )

    bare_slot = bare_slot_new(0)

    server = start_server()
    try:

        def bare_page(_):
            reply = request(PORT, "GET", "/bench/bare/page/")
            return reply.status == 200, f"{reply.status} {reply.location}".strip()

        def availability(user):
            reply = request(
                PORT,
                "GET",
                f"/turnos/horario/?dia={day}",
                user=user,
                headers={"X-Forwarded-For": user.ip},
            )
            ok = reply.status == 200 and "Bench disponibilidad" in reply.body
            return ok, f"{reply.status} {reply.location}".strip()

        def bare_booking(_):
            reply = request(PORT, "POST", f"/bench/bare/booking/{bare_slot.pk}/")
            ok = reply.status == 200 and reply.body == "ok"
            return ok, reply.body if reply.status == 200 else str(reply.status)

        def booking(user):
            reply = request(
                PORT,
                "POST",
                "/turnos/resumen/",
                user=user,
                data={},
                headers={"X-Forwarded-For": user.ip},
            )
            if reply.status == 302 and BOOKED.match(reply.location):
                return True, "reservado"
            if reply.status == 302 and reply.location == "/turnos/horario/":
                return True, "lleno"
            return False, f"{reply.status} {reply.location}"

        # Warm up every path, then measure the booking rate to size the users.
        run_window("warm-up", bare_page, itertools.repeat(None), 1)
        run_window("warm-up", availability, itertools.cycle(viewers), 1)
        pilot = run_window("pilot", booking, iter(bookers(PILOT_USERS)), 2)
        # Enough users never to run out: windows are often faster than the pilot.
        per_window = int(pilot["rps"] * WINDOW * 2.5) + 200
        result = {"availability": [], "booking": []}
        for _ in range(PAIRS):
            result["availability"].append(
                (
                    run_window(
                        "bare template", bare_page, itertools.repeat(None), WINDOW
                    ),
                    run_window(
                        "availability", availability, itertools.cycle(viewers), WINDOW
                    ),
                )
            )
        for pair in range(PAIRS):
            users = bookers(per_window)  # prepared while the server idles
            bare_slot = bare_slot_new(pair + 1)
            if connection.vendor == "sqlite":
                # The preparation's own writes (codes, outbox rows) must not leave
                # the window a long write-ahead log to read through.
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            result["booking"].append(
                (
                    run_window(
                        "bare update+insert",
                        bare_booking,
                        itertools.repeat(None),
                        WINDOW,
                    ),
                    run_window("booking", booking, iter(users), WINDOW),
                )
            )
    finally:
        stop_server(server)
    over_capacity = Slot.objects.filter(booked__gt=F("capacity")).count()
    miscounted = (
        Slot.objects.exclude(agency=watched)  # its seats were taken by hand above
        .annotate(n=Count("turns", filter=Q(turns__status=TurnStatus.RESERVADO)))
        .exclude(n=F("booked"))
        .count()
    )
    result["overbooked"] = over_capacity + miscounted
    result["turns"] = Turn.objects.count()
    print(json.dumps(result))


def run_window(name: str, call, items, seconds: float) -> dict:
    lock = threading.Lock()
    latencies, outcomes = [], {}
    errors = 0
    deadline = time.monotonic() + seconds
    exhausted = threading.Event()

    def worker():
        nonlocal errors
        while time.monotonic() < deadline:
            with lock:
                item = next(items, StopIteration)
            if item is StopIteration:
                exhausted.set()
                return
            started = time.perf_counter()
            try:
                ok, outcome = call(item)
            except OSError as error:
                ok, outcome = False, type(error).__name__
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
                errors += not ok

    began = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.monotonic() - began
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))]

    window = {
        "name": name,
        "requests": len(latencies),
        "seconds": round(duration, 2),
        "rps": len(latencies) / duration,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "errors": errors,
        "outcome": ", ".join(f"{k}: {v}" for k, v in sorted(outcomes.items()))
        + (" (users ran out)" if exhausted.is_set() else ""),
    }
    print(
        f"  {name}: {window['rps']:.1f} req/s, p99 {window['p99']:.1f} ms, "
        f"{window['outcome']}",
        file=sys.stderr,
    )
    return window


def start_server() -> subprocess.Popen:
    from bench.journey import request

    env = {**os.environ, "PORT": str(PORT), "WEB_CONCURRENCY": WORKERS}
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "config.wsgi",
            "-c",
            "config/gunicorn.conf.py",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            if request(PORT, "GET", "/salud/").status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    stop_server(server)
    raise SystemExit("gunicorn no respondió")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", choices=list(DATABASES))
    arguments = parser.parse_args()
    if arguments.one:
        one(arguments.one)
    else:
        main()
