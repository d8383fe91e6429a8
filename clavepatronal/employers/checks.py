"""Start-up check: outside demo settings the SRI lookups never go to the stand-in.

The stand-in SRI (`manage.py sri_local`, employers/sri/standin.py) only ever listens
on 127.0.0.1, so an SRI_BASE_URL on a loopback address (or `localhost`) outside demo
settings (DEMO_DATA_ALLOWED false: production) is the stand-in, or something no
more the SRI than it: employers.E001. The stand-in also marks every answer
(X-Sri-Ficticio), which the client refuses in those settings.
"""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register


def sri_address_is_loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


@register()
def sri_not_the_standin(app_configs, **kwargs) -> list[Error]:
    if settings.DEMO_DATA_ALLOWED or not sri_address_is_loopback(settings.SRI_BASE_URL):
        return []
    return [
        Error(
            f"SRI_BASE_URL ({settings.SRI_BASE_URL}) is a loopback address: the "
            "stand-in SRI (manage.py sri_local), not the SRI",
            hint="Set SRI_BASE_URL to the SRI's service, "
            "https://srienlinea.sri.gob.ec (the production default).",
            id="employers.E001",
        )
    ]
