from .accounts import Activation, EmployerAccount
from .drafts import RegistrationDraft
from .powers import PowerOfAttorney
from .registration import Registration

__all__ = [
    "Activation",
    "EmployerAccount",
    "PowerOfAttorney",
    "Registration",
    "RegistrationDraft",
]
