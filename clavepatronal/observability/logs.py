"""The logging filter every handler carries: the request id on each record, and
personal data masked in the message, its arguments, its extra fields and its
traceback (observability.masking says how)."""

import logging

from clavepatronal.core.request_id import request_id_current

from .masking import data_masked, text_masked

# The attributes every LogRecord has; anything else came in through `extra`.
_STANDARD = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
    "request_id",
    "taskName",
}


def _masked_object(value) -> str:
    """An object in `extra` (Django's own `request`) as the JSON formatter would
    print it, masked."""
    return text_masked(str(value))


class RequestIdFilter(logging.Filter):
    """Adds `request_id`: the id of the request or task being served, "" if none."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            # Django logs a 4xx/5xx (django.request) after the middleware has
            # unbound the id; the request it passes along still has it.
            request = getattr(record, "request", None)
            record.request_id = request_id_current() or getattr(
                request, "request_id", ""
            )
        return True


class MaskingFilter(logging.Filter):
    """Masks cédulas, RUCs, passports, e-mails and phones wherever a record holds
    them. Attached to handlers, so records propagated from any logger pass."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, dict):
            record.msg = data_masked(record.msg, other=_masked_object)
        else:
            try:
                message = record.getMessage()
            except Exception:  # a bad format string: mask the pieces instead
                message = f"{record.msg} {record.args}"
            record.msg = text_masked(message)
            record.args = None
        for name in set(record.__dict__) - _STANDARD:
            if not name.startswith("_"):
                record.__dict__[name] = data_masked(
                    record.__dict__[name], key=name, other=_masked_object
                )
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = text_masked(record.exc_text)
        if record.stack_info:
            record.stack_info = text_masked(record.stack_info)
        return True
