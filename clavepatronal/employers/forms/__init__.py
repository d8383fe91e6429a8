from .employer import EmployerForm, SectorForm
from .people import AuthorizationForm, RepresentativeForm

__all__ = [
    "AuthorizationForm",
    "EmployerForm",
    "RepresentativeForm",
    "SectorForm",
]
