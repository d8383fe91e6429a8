"""Counts across processes: several processes write to one PROMETHEUS_MULTIPROC_DIR
and the served total is exact, also after a gunicorn worker is killed and
replaced (child_exit marks it dead; its counts stay)."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry
from prometheus_client.multiprocess import MultiProcessCollector

from tests.subprocesses import ROOT, run_python

INCREMENT = """
import django
django.setup()
from clavepatronal.observability import record
for _ in range({times}):
    record.turn_booked(agency=7, procedure="clave-patronal")
"""


def _env(directory: Path, var: Path) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PROMETHEUS_MULTIPROC_DIR": str(directory),
        "CLAVEPATRONAL_VAR_DIR": str(var),
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def _value(text: str, pattern: str) -> float:
    found = re.search(rf"^{pattern} ([0-9.e+]+)$", text, re.M)
    return float(found.group(1)) if found else 0.0


def test_three_processes_add_up_exactly(tmp_path):
    directory = tmp_path / "metrics"
    directory.mkdir()
    env = _env(directory, tmp_path)
    for times in (3, 5, 7):
        done = run_python("-c", INCREMENT.format(times=times), env=env)
        assert done.returncode == 0, done.stderr
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=str(directory))
    labels = {"agency": "7", "procedure": "clave-patronal"}
    assert registry.get_sample_value("clavepatronal_turns_booked_total", labels) == 15
    assert len(list(directory.glob("counter_*.db"))) == 3

    # The exporter a worker runs beside it serves the same total over HTTP.
    port = _free_port()
    with subprocess.Popen(
        [sys.executable, "manage.py", "exportar_metricas", "--puerto", str(port)],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    ) as exporter:
        try:
            exporter.stdout.readline()  # serving
            status, text = _get(f"http://127.0.0.1:{port}/metrics")
        finally:
            exporter.terminate()
    assert status == 200
    assert (
        _value(
            text,
            r'clavepatronal_turns_booked_total\{agency="7",procedure="clave-patronal"\}',
        )
        == 15
    )


def _workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def _wait_for(check, seconds=30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


UNMATCHED = (
    r'clavepatronal_http_requests_total\{method="GET",route="unmatched",status="404"\}'
)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_gunicorn_workers_add_up_and_survive_a_restart(tmp_path):
    directory = tmp_path / "metrics"
    directory.mkdir()
    (directory / "counter_99999.db").write_bytes(b"stale")  # on_starting empties it
    port = _free_port()
    env = {
        **os.environ,
        **_env(directory, tmp_path),
        "WEB_CONCURRENCY": "2",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESSLOG": "",
    }
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"]
        + ["config.wsgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(lambda: len(_workers(server.pid)) == 2 and _up(base))
        sent = 1 if _get(f"{base}/no-existe/")[0] == 404 else 0  # _up's probe
        for _ in range(20):
            assert _get(f"{base}/no-existe/")[0] == 404
            sent += 1
        status, text = _get(f"{base}/metricas/")
        assert status == 200
        assert _value(text, UNMATCHED) == sent + 1  # and _up's own probe

        served = {int(p.stem.split("_")[1]) for p in directory.glob("counter_*.db")}
        victim = next(pid for pid in _workers(server.pid) if pid in served)
        os.kill(victim, signal.SIGKILL)
        _wait_for(
            lambda: (
                victim not in _workers(server.pid) and len(_workers(server.pid)) == 2
            )
        )
        for _ in range(20):
            assert _get(f"{base}/no-existe/")[0] == 404
            sent += 1
        status, text = _get(f"{base}/metricas/")
        assert _value(text, UNMATCHED) == sent + 1
        pids = {int(p.stem.split("_")[1]) for p in directory.glob("counter_*.db")}
        assert victim in pids and len(pids) >= 2 and 99999 not in pids
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
        log.close()


def _up(base: str) -> bool:
    try:
        return _get(f"{base}/no-existe/")[0] == 404
    except OSError:
        return False
