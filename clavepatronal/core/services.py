from dataclasses import dataclass


@dataclass(frozen=True)
class DemoLogin:
    """A demo account, printed by `cargar_demo` (never in production)."""

    username: str
    password: str
    role: str
    totp_secret: str = ""
