from .application import (
    application_cancel_view,
    application_detail,
    draw_public,
    draw_public_json,
    draws_list,
)
from .booking import agency, schedule, schedule_apply, schedule_confirm, summary
from .employer import employer_application, employer_proof, employer_turn
from .power import power_file
from .statistics import statistics_csv, statistics_json, statistics_page
from .turn import (
    turn_cancel_view,
    turn_detail,
    turn_ics_download,
    turn_pdf_download,
    turn_reschedule_confirm,
    turn_reschedule_view,
)
from .verification import contact, identification, resend, start, verify

__all__ = [
    "statistics_csv",
    "statistics_json",
    "statistics_page",
    "application_cancel_view",
    "application_detail",
    "draw_public",
    "draw_public_json",
    "draws_list",
    "schedule_apply",
    "agency",
    "contact",
    "employer_application",
    "employer_proof",
    "employer_turn",
    "identification",
    "power_file",
    "resend",
    "schedule",
    "schedule_confirm",
    "start",
    "summary",
    "verify",
    "turn_cancel_view",
    "turn_detail",
    "turn_ics_download",
    "turn_pdf_download",
    "turn_reschedule_confirm",
    "turn_reschedule_view",
]
