"""Optional error reports (Sentry or a compatible service): nothing is sent unless
SENTRY_DSN is set. The events are masked like the logs (observability.sentry)."""

from .environment import env

SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from clavepatronal.observability.sentry import sentry_init

    sentry_init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default=""),
        release=env.str("SENTRY_RELEASE", default=""),
        traces=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
