"""The door of every back-office page: signed-in staff, second factor verified,
the role's permission, and the scope every queryset starts from."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse
from django.views.decorators.cache import never_cache

from ..selectors.scope import staff_scope

GET_POST = ["GET", "HEAD", "POST"]


def staff_required(perm: str | None = None):
    """Pass `scope` to the view. Anonymous visitors (and staff who have not given
    the code) go to the staff login; employers and staff without the role get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(
                    request.get_full_path(), reverse("backoffice:login")
                )
            if not user.is_staff:
                raise PermissionDenied
            if not user.is_verified():
                if request.method == "POST":
                    raise PermissionDenied
                return redirect_to_login(
                    request.get_full_path(), reverse("backoffice:login")
                )
            scope = staff_scope(user=user)
            if scope is None or (perm is not None and not user.has_perm(perm)):
                raise PermissionDenied
            return view(request, scope, *args, **kwargs)

        return never_cache(wrapper)

    return decorator
