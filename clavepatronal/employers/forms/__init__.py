from .employer import EmployerForm, SectorForm
from .people import AuthorizationForm, RepresentativeForm
from .powers import PowerFilingForm, PowerForm

__all__ = [
    "AuthorizationForm",
    "EmployerForm",
    "PowerFilingForm",
    "PowerForm",
    "RepresentativeForm",
    "SectorForm",
]
