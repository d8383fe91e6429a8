"""Permissions-Policy on every response: no page may use the camera, the
microphone, the location or payments, except where a view says otherwise (the
back office's QR reader uses the camera)."""

from functools import wraps

from django.conf import settings

HEADER = "Permissions-Policy"


def _policy(features: dict[str, str]) -> str:
    return ", ".join(f"{name}={allow}" for name, allow in features.items())


class PermissionsPolicyMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.header = _policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = self.header
        return response


def permissions_policy(**allow: str):
    """Let one view use features the site policy refuses, e.g.
    `@permissions_policy(camera="(self)")`."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response[HEADER] = _policy({**settings.PERMISSIONS_POLICY, **allow})
            return response

        return wrapper

    return decorator
