from .portal import (
    ActivationCodeForm,
    ClaveChangeForm,
    ClaveSetForm,
    EmailChangeForm,
    LoginForm,
    RecoveryForm,
)
from .registration import (
    AuthorizationForm,
    EmployerForm,
    RepresentativeForm,
    SectorForm,
)

__all__ = [
    "ActivationCodeForm",
    "AuthorizationForm",
    "ClaveChangeForm",
    "ClaveSetForm",
    "EmailChangeForm",
    "EmployerForm",
    "LoginForm",
    "RecoveryForm",
    "RepresentativeForm",
    "SectorForm",
]
