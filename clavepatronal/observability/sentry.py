"""Optional error reports to Sentry (or a compatible service such as GlitchTip):
off unless SENTRY_DSN is set (config/settings/errors.py). Whatever is sent goes
through the same masking as the logs, and never carries a request's body, cookies
or the person's address."""

from .masking import data_masked, text_masked

# Parts of an event that may hold what a person typed or who they are.
_DROPPED_REQUEST_PARTS = ("data", "cookies")


def _masked_object(value) -> str:
    return text_masked(repr(value))


def event_scrubbed(event: dict, hint: dict | None = None) -> dict:
    """before_send (and before_send_transaction): the event with personal data
    masked everywhere: message, exception values, frames' variables, extra fields,
    tags, breadcrumbs and the request's URL, query string and headers."""
    request = event.get("request")
    if isinstance(request, dict):
        for part in _DROPPED_REQUEST_PARTS:
            request.pop(part, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            for name in list(headers):
                if name.lower() in {"cookie", "authorization", "x-forwarded-for"}:
                    headers.pop(name)
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {key: value for key, value in user.items() if key == "id"}
    return data_masked(event, other=_masked_object)


def breadcrumb_scrubbed(crumb: dict, hint: dict | None = None) -> dict:
    """before_breadcrumb: log lines and SQL kept as breadcrumbs, masked."""
    return data_masked(crumb, other=_masked_object)


def log_scrubbed(log: dict, hint: dict | None = None) -> dict:
    """before_send_log (Sentry's structured logs), masked like the rest."""
    return data_masked(log, other=_masked_object)


def sentry_init(*, dsn: str, environment: str, release: str, traces: float) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        integrations=[DjangoIntegration()],
        # send_default_pii is left unset: False by default (setting it is deprecated
        # from sentry-sdk 2.76 on), so no user, cookie or client address is sent.
        max_request_body_size="never",
        include_local_variables=True,
        traces_sample_rate=traces,
        before_send=event_scrubbed,
        before_send_transaction=event_scrubbed,
        before_breadcrumb=breadcrumb_scrubbed,
        before_send_log=log_scrubbed,
    )
