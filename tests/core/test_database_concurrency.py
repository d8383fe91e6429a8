"""Concurrent writers queue for the lock instead of failing (SQLite and PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections, transaction

from clavepatronal.catalogue.models import ProcedureType

THREADS = 8
WRITES_PER_THREAD = 5


@pytest.mark.django_db(transaction=True)
def test_concurrent_read_then_write_transactions_all_commit():
    # Each transaction reads before it writes, the shape of "check capacity, then
    # book". With SQLite's default DEFERRED transactions the upgrade from reader to
    # writer fails at once with "database is locked"; IMMEDIATE makes them queue.
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def writer(number: int) -> None:
        try:
            start.wait()
            for write in range(WRITES_PER_THREAD):
                with transaction.atomic():
                    ProcedureType.objects.count()
                    ProcedureType.objects.create(
                        code=f"carga-{number}-{write}", name=f"Carga {number}-{write}"
                    )
        except BaseException as error:  # noqa: B036 - reported to the main thread
            errors.append(error)
        finally:
            connections.close_all()

    before = ProcedureType.objects.count()
    threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert ProcedureType.objects.count() == before + THREADS * WRITES_PER_THREAD


@pytest.mark.django_db
def test_sqlite_test_database_is_a_wal_file():
    if connection.vendor != "sqlite":
        pytest.skip("la base de pruebas es PostgreSQL en esta corrida")
    assert not connection.is_in_memory_db()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone() == ("wal",)
