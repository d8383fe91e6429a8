"""The announcement of an AUTO agency's switch, for the pages that list agencies
(the agency choice of the turn journey, the public list of draws)."""

from django import template
from django.utils import timezone

from ..models import Agency
from ..selectors.modes import ModeNotice, mode_notice_get, mode_notices

register = template.Library()


@register.simple_tag
def agency_mode_notice(agency: Agency) -> ModeNotice | None:
    return mode_notice_get(agency=agency, now=timezone.now())


@register.simple_tag
def agency_mode_notices() -> list[ModeNotice]:
    return mode_notices(now=timezone.now())
