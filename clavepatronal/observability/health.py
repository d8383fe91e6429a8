"""What readiness asks: the database, the cache, the private storage and the
migrations; and what it only reports: the state of other apps' parts (the SRI's
circuit breaker), which register a report here when they start."""

import logging
import os
from collections.abc import Callable
from pathlib import Path

from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from clavepatronal.core.selectors import cache_is_up, database_is_up

logger = logging.getLogger(__name__)

# name -> callable returning a short state ("closed", "open"...): reported by
# /salud/listo/, never failing it. Apps register theirs in AppConfig.ready().
_reports: dict[str, Callable[[], str]] = {}
# Once this code's migrations are all applied they stay applied: asked again only
# until the first yes (reading every migration file costs tens of milliseconds).
_migrations_seen_applied = False

STORAGE_PROBE_NAME = "salud-probe"


def readiness_report_register(name: str, report: Callable[[], str]) -> None:
    _reports[name] = report


def storage_is_up() -> bool:
    """The private storage answers (S3: a HEAD for a name that need not exist) and,
    on disk, its folder can be written."""
    storage = storages["private"]
    storage.exists(STORAGE_PROBE_NAME)
    if isinstance(storage, FileSystemStorage):
        folder = Path(storage.location)
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent  # created on the first upload
        return os.access(folder, os.W_OK)
    return True


def migrations_are_applied() -> bool:
    """Every migration this code ships is applied to the database."""
    global _migrations_seen_applied
    if _migrations_seen_applied:
        return True
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    _migrations_seen_applied = not plan
    return not plan


CHECKS: dict[str, Callable[[], bool]] = {
    "database": database_is_up,
    "cache": cache_is_up,
    "storage": storage_is_up,
    "migrations": migrations_are_applied,
}


def readiness_checks() -> dict[str, str]:
    """Each check's "ok" or "error"; a check that raises is an error, logged."""
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = "ok" if check() else "error"
        except Exception:
            logger.exception("Readiness: %s did not answer", name)
            results[name] = "error"
    return results


def readiness_reports() -> dict[str, str]:
    """What registered parts say of themselves; "unknown" when one cannot say."""
    states = {}
    for name, report in _reports.items():
        try:
            states[name] = report()
        except Exception:
            logger.warning("Readiness: %s gave no state", name, exc_info=True)
            states[name] = "unknown"
    return states
