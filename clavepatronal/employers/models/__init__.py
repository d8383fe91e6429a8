from .accounts import Activation, EmployerAccount
from .powers import PowerOfAttorney
from .registration import Registration

__all__ = ["Activation", "EmployerAccount", "PowerOfAttorney", "Registration"]
