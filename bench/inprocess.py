"""Shared by the in-process benchmarks (bench/draws.py, bench/fairness.py): Django
with config.settings.bench_inprocess on a database of their own, created empty and
migrated at the start and dropped at the end, so a run never touches the demo's data
and two runs give the same figures.

SQLite by default (a file in a temporary folder); PostgreSQL when DATABASE_URL names
one: the benchmark works in `<name>_bench`, created and dropped as the test suite
does its `test_<name>`.
"""

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.bench_inprocess"
    os.environ.setdefault("CLAVEPATRONAL_VAR_DIR", tempfile.mkdtemp(prefix="bench-"))
    import django

    django.setup()


@contextlib.contextmanager
def fresh_database() -> Iterator[str]:
    """An empty, migrated database for the run; yields its vendor's name."""
    from django.db import connection

    name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, serialize=False
    )
    try:
        yield connection.vendor
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)
