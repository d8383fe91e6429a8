from .constants import OPENING_HOURS_LABEL


def service(request):
    """Facts every page shows (the footer's opening hours)."""
    return {"opening_hours_label": OPENING_HOURS_LABEL}
