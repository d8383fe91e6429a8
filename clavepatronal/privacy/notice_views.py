"""The «Aviso de privacidad» (LOPDP Art. 12), public, at /privacidad/."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .notice import PURPOSES, notice_contacts
from .retention import RETENTION_TABLE
from .templatetags.privacy_notice import rights_url


@require_safe
def notice(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/aviso.html",
        {
            "purposes": PURPOSES,
            "rules": RETENTION_TABLE,
            "contacts": notice_contacts(),
            "rights_url": rights_url(),
        },
    )
