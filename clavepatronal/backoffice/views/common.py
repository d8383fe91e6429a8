"""The door of every back-office page: signed-in staff, second factor verified,
the role's permission, and the scope every queryset starts from."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache

from clavepatronal.core.exceptions import ApplicationError

from ..selectors.scope import staff_scope


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


def action_run(
    request: HttpRequest, action, *, success: str, then: str, **then_kwargs
) -> HttpResponse:
    """Run one service; its refusal (a broken rule, a stale page) becomes the
    message. Either way, back to the page the action was taken from."""
    try:
        action()
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(then, **then_kwargs)
