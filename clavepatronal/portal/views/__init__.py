from .account import (
    clave_change_view,
    dashboard,
    document_download,
    email_change,
    email_change_confirm,
    tramite_view,
    turn_cancel_view,
    turn_reschedule_view,
)
from .auth import (
    activate_code,
    activate_link,
    clave_set,
    login,
    logout_view,
    recovery,
    recovery_link,
    recovery_sent,
)
from .powers import power_new
from .signed_recovery import (
    signed_recovery,
    signed_recovery_pdf,
    signed_recovery_received,
    signed_recovery_upload,
)

__all__ = [
    "activate_code",
    "activate_link",
    "clave_change_view",
    "clave_set",
    "dashboard",
    "document_download",
    "email_change",
    "email_change_confirm",
    "login",
    "power_new",
    "logout_view",
    "recovery",
    "recovery_link",
    "recovery_sent",
    "signed_recovery",
    "signed_recovery_pdf",
    "signed_recovery_received",
    "signed_recovery_upload",
    "tramite_view",
    "turn_cancel_view",
    "turn_reschedule_view",
]
