"""The embedded default: `make run` serves this with gunicorn, as production serves."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env
from .environment import loopback_hosts_only
from .secret import secret_key_from_file

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="") or secret_key_from_file(
    VAR_DIR / "secret_key"
)
DEMO_DATA_ALLOWED = True
ALLOWED_HOSTS = loopback_hosts_only(ALLOWED_HOSTS)  # noqa: F405
