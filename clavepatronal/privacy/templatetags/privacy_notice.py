"""What the short notice above every collecting form needs: its purpose and the
links (the notice, the rights form)."""

from django import template
from django.urls import NoReverseMatch, reverse

from ..notice import PURPOSES_BY_KEY, Purpose

register = template.Library()

# The rights form's path, should its route not be installed (the notice and the
# short notice must render whatever else is).
RIGHTS_PATH = "/privacidad/derechos/"


@register.simple_tag
def rights_url() -> str:
    try:
        return reverse("privacy:rights")
    except NoReverseMatch:
        return RIGHTS_PATH


@register.simple_tag
def privacy_purpose(key: str) -> Purpose:
    """The notice's purpose by its key; an unknown key fails loudly in tests."""
    return PURPOSES_BY_KEY[key]
