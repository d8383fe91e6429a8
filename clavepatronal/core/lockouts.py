"""Login lockouts (django-axes) by door: the employer portal and the staff's back
office count their failures apart, each for one account from one address."""

from django.http import HttpRequest

# The door of a login that does not say (the back office, the admin's redirect to it).
STAFF_DOOR = "personal"


def login_door(credentials: dict | None) -> str:
    """The employer portal passes `portal="empleador"` to authenticate(); staff
    logins pass nothing."""
    return (credentials or {}).get("portal") or STAFF_DOOR


def axes_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """AXES_USERNAME_CALLABLE: the typed username under its door, so failures at
    the portal never lock the same name at the back office, nor the reverse."""
    credentials = credentials or {}
    username = credentials.get("username")
    if username is None and request is not None:
        username = getattr(request, "POST", {}).get("username")
    if not username:
        return None
    return f"{login_door(credentials)}:{username}"
