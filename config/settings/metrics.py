"""Metrics (/metricas/, clavepatronal.observability; docs/deploy.md «Métricas»)."""

from .environment import env

# Who may read /metricas/: CIDR networks, matched against the client's address
# (behind TRUSTED_PROXIES, the X-Forwarded-For hop; otherwise the peer). Loopback
# only unless told: the metrics are never public.
METRICS_ALLOWED_NETWORKS = env.list(
    "METRICS_ALLOWED_NETWORKS", default=["127.0.0.1/32", "::1/128"]
)
# The gauges read from the database are read at most this often per process.
METRICS_COLLECTOR_CACHE_SECONDS = env.int("METRICS_COLLECTOR_CACHE_SECONDS", default=15)
# Prometheus scrapes the app servers over plain HTTP on the internal network: no
# redirect to HTTPS for this one path (SECURE_SSL_REDIRECT in production).
SECURE_REDIRECT_EXEMPT = [r"^metricas/$"]
