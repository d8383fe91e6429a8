"""Pieces shared by the portal's views: the employer guard and the rate limits."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest
from django.urls import reverse
from django.views.decorators.cache import never_cache

from clavepatronal.core.ratelimits import ip_and_identification_limited, limits_exceeded
from clavepatronal.employers.selectors import account_get


def employer_required(view):
    """Pass the signed-in employer's account to the view, or go to the login.

    Staff accounts are not employers: they are sent to the login too.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        account = account_get(user=request.user)
        if account is None:
            return redirect_to_login(request.get_full_path(), reverse("portal:login"))
        return view(request, account, *args, **kwargs)

    return never_cache(wrapper)


def portal_rate_limited(
    request: HttpRequest, *, group: str, identification: str
) -> bool:
    """Per client IP and per RUC (or cédula); counted in the shared cache."""
    return ip_and_identification_limited(
        request,
        group=f"portal-{group}",
        identification=identification,
        rate_per_ip=settings.PORTAL_RATE_PER_IP,
        rate_per_identification=settings.PORTAL_RATE_PER_IDENTIFICATION,
    )


def signed_recovery_limited(
    request: HttpRequest, *, group: str, identification: str, email: str
) -> bool:
    """«Recuperar con firma electrónica»: per client IP, per RUC (or cédula) and per
    new e-mail address, the PDF and the upload alike."""
    return portal_rate_limited(
        request, group=group, identification=identification
    ) or limits_exceeded(
        [
            (
                f"portal-{group}-email",
                email.lower(),
                settings.CLAVE_SIGNED_RECOVERY_RATE_PER_EMAIL,
            )
        ]
    )
