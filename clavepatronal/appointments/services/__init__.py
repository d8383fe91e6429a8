"""Writes for turns: verify the e-mail, book, reschedule, every state change, mail."""

from .application_notices import (
    application_employer_confirm,
    application_not_me,
    applications_unconfirmed_lapse,
)
from .applications import (
    ApplicationExistsError,
    application_cancel,
    application_exists_check,
    application_file,
    application_link_resend,
    draw_notify,
)
from .booking import (
    ActiveTurnError,
    holder_require,
    turn_book,
)
from .calendar_version import calendar_version_bump
from .draws import draw_run, draws_prepare, draws_run_due
from .employer import (
    employer_proof_start,
    turn_employer_confirm,
    turn_not_me,
    turns_unconfirmed_release,
)
from .mail import turn_confirmation_send, turn_link_resend, turn_reminders_send
from .reschedule import turn_reschedule
from .seats import NoAvailabilityError
from .transitions import (
    turn_arrival_register,
    turn_attend,
    turn_cancel,
    turn_no_show_register,
    turn_view_record,
)
from .verification import VERIFICATION_MAIL_SUBJECT, turn_verification_start

__all__ = [
    "application_employer_confirm",
    "application_not_me",
    "applications_unconfirmed_lapse",
    "ApplicationExistsError",
    "application_cancel",
    "application_exists_check",
    "application_file",
    "application_link_resend",
    "calendar_version_bump",
    "draw_notify",
    "employer_proof_start",
    "turn_employer_confirm",
    "turn_not_me",
    "turns_unconfirmed_release",
    "draw_run",
    "draws_prepare",
    "draws_run_due",
    "VERIFICATION_MAIL_SUBJECT",
    "ActiveTurnError",
    "NoAvailabilityError",
    "holder_require",
    "turn_arrival_register",
    "turn_view_record",
    "turn_attend",
    "turn_book",
    "turn_cancel",
    "turn_confirmation_send",
    "turn_link_resend",
    "turn_no_show_register",
    "turn_reminders_send",
    "turn_reschedule",
    "turn_verification_start",
]
