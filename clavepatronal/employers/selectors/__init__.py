from .accounts import (
    account_get,
    activation_get,
    activation_get_by_code,
    activation_get_by_token,
    activation_problem,
    activation_secret_hash,
)
from .registration import (
    answers_summary,
    email_masked,
    registration_active_get,
    registration_get,
    registrations_sri_unverified,
)

__all__ = [
    "account_get",
    "activation_get",
    "activation_get_by_code",
    "activation_get_by_token",
    "activation_problem",
    "activation_secret_hash",
    "answers_summary",
    "email_masked",
    "registration_active_get",
    "registration_get",
    "registrations_sri_unverified",
]
