from .accounts import (
    account_get,
    activation_get,
    activation_get_by_code,
    activation_get_by_token,
    activation_problem,
    activation_secret_hash,
    clave_reset_request_get,
)
from .registration import (
    NamedPerson,
    answers_summary,
    email_masked,
    registration_active_get,
    registration_draft_get,
    registration_get,
    registration_named_person,
    registrations_sri_unverified,
)

__all__ = [
    "NamedPerson",
    "registration_named_person",
    "account_get",
    "activation_get",
    "activation_get_by_code",
    "activation_get_by_token",
    "activation_problem",
    "activation_secret_hash",
    "clave_reset_request_get",
    "answers_summary",
    "email_masked",
    "registration_active_get",
    "registration_draft_get",
    "registration_get",
    "registrations_sri_unverified",
]
