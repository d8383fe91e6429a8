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
    "tramite_view",
    "turn_cancel_view",
    "turn_reschedule_view",
]
