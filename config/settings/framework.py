"""Django itself: apps, middleware, templates, database, auth, languages, static
files, storage, mail, cache, tasks and logs."""

import warnings
from datetime import timedelta  # noqa: F401

from cryptography.utils import CryptographyDeprecationWarning

from .environment import BASE_DIR, VAR_DIR, cache_config, env  # noqa: F401

# pyHanko imports DSA's key class (CryptographyDeprecationWarning, once per process
# on the console); we never sign or verify with DSA. pyproject.toml says the same
# to the tests.
warnings.filterwarnings(
    "ignore",
    message="DSA is deprecated",
    category=CryptographyDeprecationWarning,
    module=r"pyhanko\.",
)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"]
)

INSTALLED_APPS = [
    "clavepatronal.core",
    "clavepatronal.identity",
    "clavepatronal.catalogue",
    "clavepatronal.procedures",
    "clavepatronal.appointments",
    "clavepatronal.employers",
    "clavepatronal.portal",
    "clavepatronal.documents",
    "clavepatronal.notifications",
    "clavepatronal.audit",
    "clavepatronal.backoffice",
    "clavepatronal.observability",
    "clavepatronal.privacy",
    "django_ratelimit",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "csp",
    # django.contrib.admin, asking for the staff's second factor too.
    "clavepatronal.backoffice.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
]

MIDDLEWARE = [
    # First: REMOTE_ADDR becomes the client's address behind trusted proxies.
    "clavepatronal.core.client_address.ClientAddressMiddleware",
    # Then the request id (a trusted proxy's, or a new one): every log line after
    # this carries it, and the response returns it.
    "clavepatronal.observability.requestid.RequestIdMiddleware",
    # HTTP metrics by route name, with the database and cache time of the request.
    "clavepatronal.observability.middleware.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files carry the policies too.
    "csp.middleware.CSPMiddleware",
    "clavepatronal.core.headers.PermissionsPolicyMiddleware",
    # Every audit event of the request records the client's address.
    "clavepatronal.audit.context.AuditContextMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Step g's one Redis trip (limits, session, versions, page), before anything
    # reads the session; nothing elsewhere.
    "clavepatronal.appointments.views.calendar_trip.CalendarTripMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF, which is the first to read the POST body.
    "clavepatronal.documents.uploads.StrictUploadMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): the staff's second factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "clavepatronal.core.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a lockout into our lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clavepatronal.core.context_processors.service",
            ],
        },
    },
]
# Every form renders through our accessible templates (labels, hints, error summary).
FORM_RENDERER = "clavepatronal.core.forms.FormRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite creates the file, not its folder.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Writers take the lock when the transaction starts, so concurrent requests queue
    # for `timeout` seconds instead of failing with "database is locked" halfway.
    # WAL is set once on the file by a migration (core 0002), not on every connection.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env.int("SQLITE_TIMEOUT", default=20),
    }
# PostgreSQL with two roles (docs/deploy.md): `migrate` runs as the tables' owner
# and grants this role, the one the app servers and workers connect as, what it
# needs; over the audit trail only INSERT and SELECT (audit.services.app_role_grant).
DATABASE_APP_ROLE = env.str("DATABASE_APP_ROLE", default="")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
_PASSWORD_VALIDATION = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_PASSWORD_VALIDATION}.UserAttributeSimilarityValidator"},
    # Similarity misses a long clave that merely contains the RUC or a name.
    {"NAME": "clavepatronal.core.password_validation.PersonalDataValidator"},
    {
        "NAME": f"{_PASSWORD_VALIDATION}.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": f"{_PASSWORD_VALIDATION}.CommonPasswordValidator"},
    {"NAME": f"{_PASSWORD_VALIDATION}.NumericPasswordValidator"},
]
# django-axes watches every authenticate() call; our backend keeps staff out of the
# employer portal and employers out of the admin (docs/portal.md).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "clavepatronal.portal.backends.AccountBackend",
]

LANGUAGE_CODE = "es-ec"
LANGUAGES = [("es-ec", "Español (Ecuador)")]
TIME_ZONE = "America/Guayaquil"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# Uploads live in private storage: MEDIA_URL is never routed, and files are only served
# through views that check who asks.
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    # No options: the storage follows MEDIA_ROOT, including when tests change it.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
    # Trámite attachments: random names, never routed, served only by a view that
    # checks who asks. Also follows MEDIA_ROOT; object storage replaces it in scale-out.
    "private": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
}
# Scale-out: attachments in a private S3-compatible bucket, shared by every app server.
# Credentials come from boto3's own variables (AWS_ACCESS_KEY_ID, ...). No public URL
# is ever used: files are still served by the view that checks who asks.
S3_BUCKET = env.str("S3_BUCKET", default="")
if S3_BUCKET:
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "location": env.str("S3_PREFIX", default=""),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Clave Patronal IESS <no-responder@clavepatronal.ec>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where a person reports an accessibility barrier (/accesibilidad/).
ACCESSIBILITY_CONTACT_EMAIL = env.str(
    "ACCESSIBILITY_CONTACT_EMAIL", default="accesibilidad@iess.gob.ec"
)


CACHES = {"default": cache_config("REDIS_URL", default="locmemcache://")}

# Background work (e-mail delivery, turn confirmations) goes through Django's tasks
# API. The embedded default runs each task in the process that enqueued it, after
# the commit; production uses the database backend and `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": env.str(
            "TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
# E-mail outbox: a row stuck "sending" this long belongs to a dead worker and is
# sent again by the next worker; a failed row is retried this many times.
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=300)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=10)

# The public address of the service: QR codes and e-mailed links point here.
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="http://127.0.0.1:8000").rstrip(
    "/"
)

# Demo accounts and demo data may only be created where this is true (never production).
DEMO_DATA_ALLOWED = False

# Every handler adds the request id and masks personal data (observability.logs).
LOG_FILTERS = {
    "request_id": {"()": "clavepatronal.observability.logs.RequestIdFilter"},
    "masking": {"()": "clavepatronal.observability.logs.MaskingFilter"},
}
# The console (`make run`): django-tasks says INFO for every task it starts and ends
# (two lines per e-mail); only its warnings unless TASKS_LOG_LEVEL says otherwise.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": LOG_FILTERS,
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "masking"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django_tasks": {"level": env.str("TASKS_LOG_LEVEL", default="WARNING")},
        # One line per request: runserver already prints one on the console.
        "clavepatronal.requests": {
            "level": env.str("REQUEST_LOG_LEVEL", default="WARNING")
        },
    },
}

# Production and the cluster: one JSON object per line on stdout.
JSON_LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level"},
        }
    },
    "filters": LOG_FILTERS,
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["request_id", "masking"],
        }
    },
    "root": {"handlers": ["stdout"], "level": env.str("LOG_LEVEL", default="INFO")},
}
