"""The SRI's taxpayer registry (catastro), asked about a RUC at registration.

`sri_port()` is the configured lookup; `SriPort` is its interface, so tests and a
future in-process adapter can stand in for the HTTP client. See docs/registro.md.
"""

from .client import CircuitBreaker, SriClient, SriPort, sri_port
from .result import (
    LegalRepresentative,
    SriOutcome,
    SriResult,
    SriUnavailableReason,
    Taxpayer,
    TaxpayerType,
)

__all__ = [
    "CircuitBreaker",
    "LegalRepresentative",
    "SriClient",
    "SriOutcome",
    "SriPort",
    "SriResult",
    "SriUnavailableReason",
    "Taxpayer",
    "TaxpayerType",
    "sri_port",
]
