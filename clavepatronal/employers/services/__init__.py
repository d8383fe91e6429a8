from .accounts import (
    account_email_change_confirm,
    account_email_change_start,
    account_login_record,
    account_logout_record,
    clave_change,
)
from .activation import clave_recovery_request, clave_set_by_activation
from .demo import DEMO_EMPLOYER, demo_employer_load
from .drafts import (
    registration_draft_create,
    registration_draft_delete,
    registration_draft_resume,
    registration_draft_resume_send,
    registration_draft_save,
)
from .keys import (
    ActivationError,
    IssuanceResult,
    clave_issue_at_desk,
    clave_issue_by_link,
)
from .powers import (
    PowerData,
    power_file_online,
    power_record,
    power_reject,
    power_scan_view_record,
    power_stamp,
)
from .registration import (
    RegistrationExists,
    registration_build,
    registration_complete,
    registration_create,
    registration_document_filenames,
    registration_download_code_confirm,
    registration_download_code_send,
    registration_email_code_confirm,
    registration_email_code_send,
)
from .reset_outcomes import (
    ClaveResetTaken,
    clave_reset_grant,
    clave_reset_review_mark,
)
from .resets import ResetVerdict, clave_reset_check, clave_reset_request_create
from .sri_check import (
    registration_sri_consult,
    registration_sri_recheck,
    sri_lookup_record,
)

__all__ = [
    "PowerData",
    "power_file_online",
    "power_scan_view_record",
    "DEMO_EMPLOYER",
    "demo_employer_load",
    "ActivationError",
    "IssuanceResult",
    "RegistrationExists",
    "account_email_change_confirm",
    "account_email_change_start",
    "account_login_record",
    "account_logout_record",
    "clave_change",
    "ClaveResetTaken",
    "ResetVerdict",
    "clave_reset_check",
    "clave_reset_grant",
    "clave_reset_request_create",
    "clave_reset_review_mark",
    "clave_issue_at_desk",
    "clave_issue_by_link",
    "clave_recovery_request",
    "clave_set_by_activation",
    "power_record",
    "power_reject",
    "power_stamp",
    "registration_build",
    "registration_complete",
    "registration_create",
    "registration_document_filenames",
    "registration_download_code_confirm",
    "registration_download_code_send",
    "registration_draft_create",
    "registration_draft_delete",
    "registration_draft_resume",
    "registration_draft_resume_send",
    "registration_draft_save",
    "registration_email_code_confirm",
    "registration_email_code_send",
    "registration_sri_consult",
    "registration_sri_recheck",
    "sri_lookup_record",
]
