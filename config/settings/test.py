"""Test settings: SQLite by default, PostgreSQL when DATABASE_URL names it."""

import os

from .base import *  # noqa: F403
from .environment import loopback_hosts_only

SECRET_KEY = "test-only-secret-key-not-used-anywhere-else-0123456789"
DEMO_DATA_ALLOWED = True
ALLOWED_HOSTS = loopback_hosts_only(ALLOWED_HOSTS)  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The cache of base settings: Redis when REDIS_URL is set (CI's PostgreSQL pass),
# else in-process memory. Tests clear it around each test (conftest.py).
# Hashing strength is not under test; speed is.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Transactional tests that need the migrations' catalogues restore them with
# serialized_rollback; content types and permissions come back through post_migrate.
TEST_NON_SERIALIZED_APPS = ["django.contrib.contenttypes", "django.contrib.auth"]
# Tests serve static files from the apps' folders; nothing is collected.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared-cache memory, so tests see SQLite's real locking (WAL,
    # IMMEDIATE transactions, busy timeout) as the running service does. One file per
    # test process, so two runs in one checkout never recreate each other's.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(VAR_DIR / f"test_db_{os.getpid()}.sqlite3")  # noqa: F405
    }
else:
    # Test runs empty every table with TRUNCATE between transactional tests; the
    # audit trail refuses it unless the connection says so (audit migration 0004).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (  # noqa: F405
        "-c clavepatronal.allow_audit_truncate=on"
    )

# Port 9 (discard) on loopback is closed: a test that does not start the stand-in
# SRI (tests/employers/sri/conftest.py) gets a quick "not verified", never a wait,
# and never a `make run` stand-in that happens to listen on 8001.
SRI_BASE_URL = "http://127.0.0.1:9"

# pytest-xdist (`-n 2`): each worker (gw0, gw1, …) gets its own Redis database, the
# one REDIS_URL names plus its number, since the tests empty theirs (FLUSHDB) around
# each test. Its SQLite file and PostgreSQL database get pytest-django's suffix.
_WORKER = env.str("PYTEST_XDIST_WORKER", default="")  # noqa: F405
if _WORKER and CACHES["default"]["BACKEND"].endswith("RedisCache"):  # noqa: F405
    _location, _, _db = CACHES["default"]["LOCATION"].rpartition("/")  # noqa: F405
    CACHES["default"]["LOCATION"] = (  # noqa: F405
        f"{_location}/{int(_db or 0) + int(_WORKER.removeprefix('gw'))}"
    )

# The tests' OCSP/CRL responders listen on loopback (tests/documents/
# revocation_server.py); each adds its own origin to SIGNATURE_REVOCATION_HOSTS.
SIGNATURE_REVOCATION_PRIVATE_ADDRESSES = True
