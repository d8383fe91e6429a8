from .accounts import Activation, EmployerAccount
from .drafts import RegistrationDraft
from .powers import PowerOfAttorney
from .registration import Registration
from .resets import ClaveResetRequest

__all__ = [
    "Activation",
    "ClaveResetRequest",
    "EmployerAccount",
    "PowerOfAttorney",
    "Registration",
    "RegistrationDraft",
]
