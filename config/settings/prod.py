"""Production: every secret and host from the environment, HTTPS only.

Required: DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL, REDIS_URL, EMAIL_HOST,
PUBLIC_BASE_URL. Optional: SIGNATURE_TRUST_ROOTS_DIR adds certificates to the shipped
trust store (or replaces it, with SIGNATURE_TRUST_SHIPPED=false); S3_BUCKET (+
S3_ENDPOINT_URL) puts attachments in object storage (base.py). docs/deploy.md
describes them all.
"""

from .base import *  # noqa: F403
from .base import JSON_LOGGING, env

env.str("DATABASE_URL")  # required: production never falls back to SQLite
env.str("REDIS_URL")
from .scaleout import *  # noqa: E402, F403

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# QR codes and e-mailed links must point at the real public address.
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL").rstrip("/")

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env.str("EMAIL_HOST")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = 10

SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

DEMO_DATA_ALLOWED = False
# The SRI's own service unless told: the stand-in's loopback address is refused by
# the system check employers.E001.
SRI_BASE_URL = env.str("SRI_BASE_URL", default="https://srienlinea.sri.gob.ec").rstrip(
    "/"
)

# One JSON object per line on stdout, for the platform's log collector.
LOGGING = JSON_LOGGING
