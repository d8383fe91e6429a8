"""The cluster's own settings and services, read as cluster/ctl.sh sets them."""

import os
import subprocess
import time
from pathlib import Path

import django
import pytest

ROOT = Path(__file__).resolve().parents[2]
CTL = ROOT / "cluster" / "ctl.sh"
APP_A, APP_B = 18101, 18102

for line in subprocess.run(
    ["bash", str(CTL), "env"], capture_output=True, text=True, check=True
).stdout.splitlines():
    name, _, value = line.partition("=")
    os.environ[name] = value
django.setup()


def ctl(*args: str) -> None:
    subprocess.run(["bash", str(CTL), *args], check=True, capture_output=True)


def wait_for(predicate, *, seconds: float, message: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(message)


@pytest.fixture(scope="session", autouse=True)
def _cluster_is_up():
    from bench.journey import request

    for port in (APP_A, APP_B):
        reply = request(port, "GET", "/salud/")
        assert reply.status == 200, f"el servidor {port} no está listo: {reply.body}"


def outbox_quiet(seconds: float = 120) -> None:
    """Wait until every queued e-mail is sent (earlier tests queue many)."""
    from clavepatronal.notifications.constants import OutboxStatus
    from clavepatronal.notifications.models import OutboxEmail

    wait_for(
        lambda: not OutboxEmail.objects.exclude(status=OutboxStatus.ENVIADO).exists(),
        seconds=seconds,
        message="quedaron correos sin enviar",
    )
