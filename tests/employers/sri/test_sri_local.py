"""manage.py sri_local: the stand-in served on loopback by a real process."""

import os
import signal
import subprocess
import sys

import pytest

from clavepatronal.employers.sri import SriClient, SriOutcome
from clavepatronal.employers.sri.standin import Rucs

from ...subprocesses import ROOT
from .network import closed_port


@pytest.fixture
def sri_local():
    port = closed_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "sri_local", "--port", str(port)],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        first_line = process.stdout.readline()
        yield port, first_line
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()


@pytest.mark.cache  # the client keeps its answers in the shared cache
def test_sri_local_serves_the_stand_in_on_loopback(sri_local):
    port, first_line = sri_local
    assert f"http://127.0.0.1:{port}" in first_line
    client = SriClient(base_url=f"http://127.0.0.1:{port}")
    assert client.taxpayer_by_ruc(Rucs.SOCIEDAD_ACTIVA).outcome is SriOutcome.FOUND
    assert client.taxpayer_by_ruc(Rucs.DESCONOCIDO).outcome is SriOutcome.NOT_FOUND
