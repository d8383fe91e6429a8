"""Fixtures for every test, unit and browser alike, and the mark that sorts them.

Every test that touches the database or the cache is marked `backends` here, from
the fixtures it uses (`db`, `transactional_db`, `live_server`, …), its `django_db`
mark or an explicit `cache` mark. CI's PostgreSQL + Redis pass runs only those
(`-m backends`): a test without the mark cannot reach either, so it behaves the same
on every database and the SQLite pass has already run it. To keep that true, a test
without the mark that touches the cache fails and says to mark it (as pytest-django
does for the database).
"""

import pytest

# The fixtures that open the database to a test (pytest-django's and the browser's).
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
    }
)


def touches_backends(item: pytest.Item) -> bool:
    """Whether a test may touch the database or the cache."""
    if item.get_closest_marker("django_db") or item.get_closest_marker("cache"):
        return True
    return bool(DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ())))


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marks
def pytest_collection_modifyitems(items):
    for item in items:
        if touches_backends(item):
            item.add_marker(pytest.mark.backends)
        elif item.get_closest_marker("browser"):
            # CI runs the journeys only in the `backends` pass: one outside it
            # would run nowhere.
            raise pytest.UsageError(f"{item.nodeid}: un recorrido sin base de datos")


@pytest.fixture(scope="session")
def _demo_ca_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-ca")


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path, _demo_ca_dir):
    """Uploads, mail and the demo CA of a test never land in the developer's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    settings.DEMO_CA_DIR = _demo_ca_dir


class CacheBlocked(RuntimeError):
    pass


@pytest.fixture(autouse=True)
def _empty_cache(request, monkeypatch):
    """Rate-limit counters (in Redis when REDIS_URL is set) never leak between tests;
    a test that is not marked for the backends cannot reach the cache at all."""
    from django.core.cache import CacheHandler, cache

    if not touches_backends(request.node):

        def blocked(handler, alias):
            raise CacheBlocked(
                "Esta prueba usa la caché sin la marca: agregue "
                "@pytest.mark.cache (o la base de datos) para que la pasada de "
                "PostgreSQL + Redis también la ejecute."
            )

        monkeypatch.setattr(CacheHandler, "__getitem__", blocked)
        yield
        return
    cache.clear()
    yield
    cache.clear()


class _LeakWatch:
    """Every log record of the whole run, as the service's handlers write it (the
    request-id and masking filters applied, then formatted): a record that still
    holds one of the test data's cédulas, RUCs or e-mail addresses is a leak."""

    def __init__(self) -> None:
        import logging
        import re

        from clavepatronal.observability.logs import MaskingFilter, RequestIdFilter
        from tests.employers.factories import (
            CEDULA,
            CEDULA_REP,
            RUC_PERSONA,
            RUC_PUBLICO,
            RUC_SOCIEDAD,
        )

        numbers = (CEDULA, CEDULA_REP, RUC_PERSONA, RUC_PUBLICO, RUC_SOCIEDAD)
        self.pattern = re.compile(
            "|".join(rf"(?<!\d){n}(?!\d)" for n in numbers)
            + r"|[\w.+-]*[^\W*]@[\w-]+\.[\w.-]+"  # an address not masked (x***@…)
        )
        self.leaks: list[str] = []
        watch = self

        class Handler(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                line = self.format(record)
                if watch.pattern.search(line):
                    watch.leaks.append(line[:300])

        self.handler = Handler(level=logging.DEBUG)
        self.handler.addFilter(RequestIdFilter())
        self.handler.addFilter(MaskingFilter())
        self.handler.setFormatter(
            logging.Formatter("%(name)s %(levelname)s %(message)s")
        )


@pytest.fixture(scope="session")
def _log_leak_watch():
    import logging

    watch = _LeakWatch()
    logging.getLogger().addHandler(watch.handler)
    yield watch
    logging.getLogger().removeHandler(watch.handler)


@pytest.fixture(autouse=True)
def _no_personal_data_in_logs(_log_leak_watch):
    """No log line of any test carries a cédula, RUC or e-mail unmasked (issue 28):
    the test that wrote one fails and shows the line."""
    _log_leak_watch.leaks.clear()
    yield
    leaks, _log_leak_watch.leaks[:] = list(_log_leak_watch.leaks), []
    assert not leaks, "datos personales sin enmascarar en el registro:\n" + "\n".join(
        leaks
    )
