"""Fixtures for every test, unit and browser alike."""

import pytest


@pytest.fixture(scope="session")
def _demo_ca_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-ca")


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path, _demo_ca_dir):
    """Uploads, mail and the demo CA of a test never land in the developer's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    settings.DEMO_CA_DIR = _demo_ca_dir


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters (in Redis when REDIS_URL is set) never leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
