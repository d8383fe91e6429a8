"""The loopback cluster (`make cluster`, `make test-cluster`): production's moving parts
— PostgreSQL, Redis for cache, sessions and rate limits, a private S3 bucket (moto's
server), database task workers — over plain HTTP on 127.0.0.1.

cluster/ctl.sh sets DATABASE_URL, REDIS_URL, S3_* and CLAVEPATRONAL_VAR_DIR.
"""

from .base import *  # noqa: F403
from .base import JSON_LOGGING, VAR_DIR, env
from .environment import loopback_hosts_only
from .scaleout import *  # noqa: F403

LOGGING = JSON_LOGGING

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="cluster-only-secret-0123456789-abc")

# Mail is written as files into one folder shared by both workers, so the tests can
# count what was really sent. CLUSTER_MAIL_DELAY makes each send take that long, as
# an SMTP relay does, so a worker can be killed in the middle of one.
EMAIL_BACKEND = "cluster.mail.SlowFileBackend"
EMAIL_FILE_PATH = VAR_DIR / "mail"
# A worker killed mid-send is noticed this soon (production: minutes).
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=6)

PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="http://127.0.0.1:18101")
# The demo CA signs the test's PDFs; the cluster is never production.
DEMO_DATA_ALLOWED = True
ALLOWED_HOSTS = loopback_hosts_only(ALLOWED_HOSTS)  # noqa: F405
