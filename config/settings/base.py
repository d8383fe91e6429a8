"""Settings shared by every environment.

Every value that differs between deployments comes from the environment;
`.env.example` documents each variable. The embedded default (SQLite, files on disk,
mail to files) needs no configuration at all.
"""

from datetime import timedelta
from pathlib import Path

import environ

env = environ.Env()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Everything the running service writes (SQLite file, uploads, mail, dev secret key).
VAR_DIR = Path(env.str("CLAVEPATRONAL_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"]
)

INSTALLED_APPS = [
    "clavepatronal.core",
    "clavepatronal.identity",
    "clavepatronal.procedures",
    "clavepatronal.appointments",
    "clavepatronal.employers",
    "clavepatronal.documents",
    "clavepatronal.notifications",
    "clavepatronal.audit",
    "clavepatronal.backoffice",
    "django_ratelimit",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
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
    "django.middleware.security.SecurityMiddleware",
    # Every audit event of the request records the client's address.
    "clavepatronal.audit.context.AuditContextMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
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
    "clavepatronal.employers.backends.AccountBackend",
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

# Uploads (Ventanilla virtual): JPG or PDF, decided by content, at most 1 MB each. The
# first handler stops reading a file past the limit and refuses extra files; Django's
# own cap on the number of files is the backstop for anything beyond.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=1024 * 1024)
UPLOAD_MAX_FILES = env.int("UPLOAD_MAX_FILES", default=8)
UPLOAD_MAX_PIXELS = env.int("UPLOAD_MAX_PIXELS", default=40_000_000)
FILE_UPLOAD_HANDLERS = [
    "clavepatronal.documents.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_NUMBER_FILES = 20
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024  # the non-file fields of any form
# An upload left on disk by a hard crash (no row) is removed after this many minutes.
UPLOAD_ORPHAN_MINUTES = env.int("UPLOAD_ORPHAN_MINUTES", default=60)

# Electronic signatures: a folder of PEM roots (production: Ecuador's accredited
# authorities). Where demo data is allowed, the installation's demo CA is trusted too;
# production refuses to start checking if the demo CA is in the folder.
SIGNATURE_TRUST_ROOTS_DIR = env.str("SIGNATURE_TRUST_ROOTS_DIR", default="")
DEMO_CA_DIR = VAR_DIR / "demo-ca"

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Clave Patronal IESS <no-responder@clavepatronal.ec>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL


def cache_config(var: str, **default) -> dict:
    """The cache named by an environment variable; Redis through our backend, which
    reuses one client per connection pool (clavepatronal.core.cache)."""
    config = env.cache(var, **default)
    if config["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
        config["BACKEND"] = "clavepatronal.core.cache.RedisCache"
    return config


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
# sent again; a failed row is retried this many times (`manage.py reenviar_correos`).
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=300)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=10)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "clavepatronal.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The public address of the service: QR codes and e-mailed links point here.
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="http://127.0.0.1:8000").rstrip(
    "/"
)

# E-mailed 6-digit codes (registration, turns): lifetime, wrong tries, codes per hour
# per identification and per address.
VERIFICATION_CODE_MINUTES = env.int("VERIFICATION_CODE_MINUTES", default=10)
VERIFICATION_MAX_ATTEMPTS = env.int("VERIFICATION_MAX_ATTEMPTS", default=5)
VERIFICATION_MAX_CODES_PER_HOUR = env.int("VERIFICATION_MAX_CODES_PER_HOUR", default=4)

# Turnos en línea
# Minimum minutes between booking and the turn's start (no last-minute turns).
TURNOS_LEAD_MINUTES = env.int("TURNOS_LEAD_MINUTES", default=120)
# How many calendar days ahead turns can be booked, counting today.
TURNOS_DAYS_AHEAD = env.int("TURNOS_DAYS_AHEAD", default=14)
# Local time (America/Guayaquil, HH:MM) at which the next day opens for booking,
# every day: one fixed, announced moment instead of a trickle bots can watch.
TURNOS_RELEASE_TIME = env.str("TURNOS_RELEASE_TIME", default="07:00")
# Minutes the e-mail verification stays good for booking in one session.
TURNOS_VERIFIED_MINUTES = env.int("TURNOS_VERIFIED_MINUTES", default=60)
# Rate limits (django-ratelimit syntax) per client IP and per identification, for
# sending codes and for booking, rescheduling or cancelling.
TURNOS_RATE_PER_IP = env.str("TURNOS_RATE_PER_IP", default="60/h")
TURNOS_RATE_PER_IDENTIFICATION = env.str(
    "TURNOS_RATE_PER_IDENTIFICATION", default="15/h"
)

# Portal del empleador (docs/portal.md)
# Hours an e-mailed activation link and a printed activation code stay valid.
CLAVE_ACTIVATION_LINK_HOURS = env.int("CLAVE_ACTIVATION_LINK_HOURS", default=72)
CLAVE_ACTIVATION_CODE_HOURS = env.int("CLAVE_ACTIVATION_CODE_HOURS", default=72)
# Minutes a recovery link (¿Olvidó su clave?) stays valid.
CLAVE_RECOVERY_MINUTES = env.int("CLAVE_RECOVERY_MINUTES", default=30)
# Rate limits (django-ratelimit syntax) per client IP and per RUC for recovery,
# activation by code and the account's changes.
PORTAL_RATE_PER_IP = env.str("PORTAL_RATE_PER_IP", default="20/h")
PORTAL_RATE_PER_IDENTIFICATION = env.str(
    "PORTAL_RATE_PER_IDENTIFICATION", default="5/h"
)
# Signed-in sessions end after this many minutes without a request, and this many
# hours after login whatever the activity (core.middleware).
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=15)
SESSION_MAX_HOURS = env.int("SESSION_MAX_HOURS", default=8)

# django-axes: failed logins per username and, separately, per client IP, counted
# in the database (shared by every app server). After LOGIN_FAILURE_LIMIT failures
# within LOGIN_COOLOFF_MINUTES, logins stop until that many minutes after the last
# counted failure; attempts while locked do not extend it, so the time shown holds.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "clavepatronal.employers.views.lockout"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_VERBOSE = False

# Back office: staff sign in at /backoffice/ingresar/ with password and a TOTP code
# (django-otp); the authenticator app shows OTP_TOTP_ISSUER beside the code.
LOGIN_URL = "backoffice:login"
OTP_TOTP_ISSUER = "IESS Clave Patronal"

# Rate limits count in the default cache: Redis in production, shared by every server.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "clavepatronal.core.views.too_many_requests"
# django-ratelimit 4.1 predates Django's own Redis backend and warns about it; that
# backend's add/incr are atomic, which is all the counters need.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # Without REDIS_URL (demo, tests) limits count per process; production sets Redis.
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003"]

# Demo accounts and demo data may only be created where this is true (never production).
DEMO_DATA_ALLOWED = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
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
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# --- SRI taxpayer lookups (clavepatronal.employers.sri; docs/registro.md) ----------
# Base URL of the SRI's public taxpayer service (the real one in production:
# https://srienlinea.sri.gob.ec); the default is the local stand-in (manage.py
# sri_local), so development and tests never leave the machine.
SRI_BASE_URL = env.str("SRI_BASE_URL", default="http://127.0.0.1:8001").rstrip("/")
# Seconds to open the connection and to wait for the answer; one retry follows a
# refused or dropped connection, never a timeout.
SRI_CONNECT_TIMEOUT = env.float("SRI_CONNECT_TIMEOUT", default=3.0)
SRI_READ_TIMEOUT = env.float("SRI_READ_TIMEOUT", default=5.0)
# Answers kept in the shared cache: an ACTIVO taxpayer for SRI_CACHE_SECONDS, any
# other answer (not active, unknown RUC) for SRI_CACHE_SECONDS_OTHER; failures never.
SRI_CACHE_SECONDS = env.int("SRI_CACHE_SECONDS", default=24 * 60 * 60)
SRI_CACHE_SECONDS_OTHER = env.int("SRI_CACHE_SECONDS_OTHER", default=10 * 60)
# Circuit breaker, shared by every worker through the cache: after this many
# consecutive failures no request is sent for the cool-down; then one trial request
# decides whether it closes again.
SRI_BREAKER_FAILURES = env.int("SRI_BREAKER_FAILURES", default=5)
SRI_BREAKER_COOLDOWN_SECONDS = env.int("SRI_BREAKER_COOLDOWN_SECONDS", default=60)
# --- end of SRI taxpayer lookups --------------------------------------------------
