"""Production's moving parts, shared by prod, the loopback cluster and the bench:
persistent database connections, Redis for cache, sessions and rate limits, and
tasks queued in the database for `manage.py db_worker`.

Import it after `base` (and after choosing the database).
"""

import copy

from .environment import cache_config, env
from .framework import DATABASES as _DATABASES

DATABASES = copy.deepcopy(_DATABASES)
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=600)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

CACHES = {"default": cache_config("REDIS_URL")}
# Sessions (the turn journey's state, logins) live in Redis: every app server
# shares them and no request writes a session row to the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cache"

TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")
    }
}
