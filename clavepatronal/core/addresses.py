"""Addresses people follow from outside a request: e-mailed links, QR codes."""

from django.conf import settings
from django.urls import reverse


def public_url(viewname: str, **kwargs) -> str:
    """The full address of a view on the public site (PUBLIC_BASE_URL)."""
    return settings.PUBLIC_BASE_URL + reverse(viewname, kwargs=kwargs or None)
