"""Fixtures for every test, unit and browser alike."""

import pytest


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path):
    """Uploads and mail written by a test never land in the developer's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters (in Redis when REDIS_URL is set) never leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
