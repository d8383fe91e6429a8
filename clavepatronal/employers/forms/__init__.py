from .registration import (
    AuthorizationForm,
    EmployerForm,
    RepresentativeForm,
    SectorForm,
)

__all__ = [
    "AuthorizationForm",
    "EmployerForm",
    "RepresentativeForm",
    "SectorForm",
]
