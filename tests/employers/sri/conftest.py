import shutil

import pytest

from clavepatronal.employers.sri.standin import FIXTURES_DIR, StandinServer, StandinSri

from .network import FakeClock


@pytest.fixture
def sri_fixtures(tmp_path):
    """A copy of the stand-in's taxpayer files that a test may add to."""
    folder = tmp_path / "sri"
    shutil.copytree(FIXTURES_DIR, folder)
    return folder


@pytest.fixture
def sri_standin(sri_fixtures):
    """The stand-in SRI on a free loopback port; the slow RUC ends at teardown."""
    with StandinServer(StandinSri(sri_fixtures, slow_seconds=60)) as server:
        yield server


@pytest.fixture
def sri_settings(settings, sri_standin):
    """The SRI_* settings pointing at the stand-in, with small limits."""
    settings.SRI_BASE_URL = sri_standin.base_url
    settings.SRI_CONNECT_TIMEOUT = 2.0
    settings.SRI_READ_TIMEOUT = 2.0
    settings.SRI_CACHE_SECONDS = 3600
    settings.SRI_CACHE_SECONDS_OTHER = 600
    settings.SRI_BREAKER_FAILURES = 3
    settings.SRI_BREAKER_COOLDOWN_SECONDS = 60
    return settings


@pytest.fixture
def clock():
    return FakeClock()
