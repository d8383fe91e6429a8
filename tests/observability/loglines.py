"""The log lines of a test as the service's handlers write them (a fixture the
request-id and masking tests import)."""

import logging

import pytest

from clavepatronal.observability.logs import MaskingFilter, RequestIdFilter


class Lines(logging.Handler):
    """Records as the service's handlers see them: id added, data masked."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.addFilter(RequestIdFilter())
        self.addFilter(MaskingFilter())
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def captured_lines():
    """Every logger at DEBUG, every record kept as the handlers would see it; a
    fixture's body (`yield from captured_lines()`)."""
    handler = Lines()
    root = logging.getLogger()
    loggers = [root] + [
        item
        for item in logging.root.manager.loggerDict.values()
        if isinstance(item, logging.Logger) and item.level
    ]
    levels = [(item, item.level) for item in loggers]
    root.addHandler(handler)
    for item in loggers:
        item.setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    for item, level in levels:
        item.setLevel(level)


@pytest.fixture
def lines():
    yield from captured_lines()
