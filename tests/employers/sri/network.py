"""Helpers for the SRI tests: a port nobody listens on, a clock moved by hand."""

import socket
import time


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FakeClock:
    """The breaker's clock, moved by hand: no test waits for a cool-down."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def eventually(predicate, *, seconds: float = 5.0) -> bool:
    """Whether `predicate()` holds within `seconds`: for what the server does after
    the client has stopped waiting (a timed-out request is still being handled)."""
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True
