"""Personal data never reaches a log line or an error report unmasked, and what is
left is enough to tell two cases apart."""

import logging

import pytest
import sentry_sdk
from pythonjsonlogger.json import JsonFormatter
from sentry_sdk.transport import Transport

from clavepatronal.observability import sentry
from clavepatronal.observability.logs import MaskingFilter, RequestIdFilter
from clavepatronal.observability.masking import data_masked, text_masked

CEDULA = "1712345678"
RUC = "1790012345001"
EMAIL = "maria.perez@dominio.ec"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"cédula {CEDULA}", "cédula 17******78"),
        (f"ruc={RUC}", "ruc=17********001"),
        (f"para {EMAIL}.", "para m***@dominio.ec."),
        ("celular 0991234567", "celular 09******67"),
        ("tel +593 99 123 4567", "tel +593*******67"),
        ("tel 593991234567", "tel 593*******67"),
        ("fijo 02-234-5678", "fijo 02*****78"),
        ("pasaporte: AB1234567", "pasaporte: A*******7"),
        # Not personal: ids glued to letters, short numbers, times.
        ("request 3f1234567890abcdef", "request 3f1234567890abcdef"),
        ("turno 123 a las 10:30", "turno 123 a las 10:30"),
    ],
)
def test_text_is_masked_by_the_documented_rule(text, expected):
    assert text_masked(text) == expected
    assert text_masked(expected) == expected  # masking twice changes nothing


def test_values_under_personal_keys_are_masked_whatever_they_look_like():
    masked = data_masked(
        {"pasaporte": "X98765", "telefono": "2345678", "ruc": int(RUC), "n": 3}
    )
    assert masked == {
        "pasaporte": "******",
        "telefono": "*******",
        "ruc": "17********001",
        "n": 3,
    }


def test_a_json_log_line_holds_no_identification_email_or_phone():
    stream = []

    class Keep(logging.Handler):
        def emit(self, record):
            stream.append(self.format(record))

    handler = Keep()
    handler.setFormatter(JsonFormatter("%(levelname)s %(name)s %(message)s"))
    handler.addFilter(RequestIdFilter())
    handler.addFilter(MaskingFilter())
    logger = logging.getLogger("tests.masking")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        try:
            raise ValueError(f"no account for {EMAIL}")
        except ValueError:
            logger.exception(
                "login %s by %s",
                RUC,
                CEDULA,
                extra={"email": EMAIL, "nested": {"who": [CEDULA]}},
            )
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    (line,) = stream
    for value in (CEDULA, RUC, EMAIL):
        assert value not in line
    assert "17********001" in line and "m***@dominio.ec" in line
    assert '"request_id": ""' in line


class Captured(Transport):
    def __init__(self, options=None):
        super().__init__(options)
        self.envelopes = []

    def capture_envelope(self, envelope):
        self.envelopes.append(envelope)


def test_sentry_events_are_scrubbed_before_they_leave():
    """A real event, built by the SDK from a real exception with local variables,
    a breadcrumb and a request, goes through before_send."""
    transport = Captured()
    client = sentry_sdk.Client(
        dsn="https://public@sentry.invalid/1",
        transport=transport,
        include_local_variables=True,
        before_send=sentry.event_scrubbed,
        before_breadcrumb=sentry.breadcrumb_scrubbed,
        integrations=[],
        default_integrations=False,
    )
    with sentry_sdk.isolation_scope() as scope:
        scope.set_client(client)
        scope.set_extra("email", EMAIL)
        scope.add_breadcrumb(message=f"lookup {RUC}", category="sri")
        scope.add_event_processor(_with_request)
        cedula = CEDULA  # noqa: F841 - a local variable the event carries
        try:
            raise RuntimeError(f"no account for {EMAIL} / {CEDULA}")
        except RuntimeError as error:
            scope.capture_exception(error)
    client.flush()
    (envelope,) = transport.envelopes
    body = b"".join(item.get_bytes() for item in envelope.items).decode()
    for value in (CEDULA, RUC, EMAIL, "cookie-value-9x", "s3cr3t"):
        assert value not in body
    assert "17******78" in body and "m***@dominio.ec" in body
    assert "no account for" in body  # the event itself is still there


def _with_request(event, hint):
    event["request"] = {
        "url": f"https://clavepatronal.ec/registro/?ruc={RUC}",
        "data": {"clave": "s3cr3t"},
        "cookies": {"sessionid": "cookie-value-9x"},
        "headers": {"Cookie": "sessionid=cookie-value-9x", "User-Agent": "pruebas"},
    }
    return event


def test_sentry_starts_only_with_a_dsn_and_never_sends_pii(monkeypatch):
    calls = []
    monkeypatch.setattr(sentry_sdk, "init", lambda **options: calls.append(options))
    sentry.sentry_init(
        dsn="https://public@sentry.invalid/1", environment="", release="", traces=0
    )
    (options,) = calls
    assert not options.get("send_default_pii")  # unset: the SDK sends no PII
    assert options["before_send"] is sentry.event_scrubbed
    assert options["before_send_log"] is sentry.log_scrubbed
    assert options["max_request_body_size"] == "never"


def test_the_whole_run_watch_catches_what_masking_would_miss():
    """The root conftest's watch (every test's log lines) fails a test whose line
    still carries the test data: shown here with the masking taken away."""
    import logging

    from conftest import _LeakWatch

    watch = _LeakWatch()
    watch.handler.filters = [
        f for f in watch.handler.filters if type(f).__name__ != "MaskingFilter"
    ]
    logger = logging.getLogger("tests.leak_watch")
    logger.addHandler(watch.handler)
    try:
        logger.warning("cuenta %s", "0926687856")
        logger.warning("correo empleador@ejemplo.ec")
        logger.warning("enmascarado e***@ejemplo.ec, sesión 17335999999990")
    finally:
        logger.removeHandler(watch.handler)
    assert len(watch.leaks) == 2
