"""One door per kind of account: employers sign in at the portal, staff at /admin/."""

from django.contrib.auth.backends import ModelBackend

from clavepatronal.employers.models import EmployerAccount

from .constants import PORTAL_EMPLEADOR


class AccountBackend(ModelBackend):
    """Django's username and password check, then the door check.

    With `portal="empleador"` (the employer login) only employer accounts pass;
    without it (the admin login) employer accounts never do. An unknown username
    still costs one password hash (ModelBackend does that), so the time taken
    does not tell whether a RUC has an account.
    """

    def authenticate(
        self, request, username=None, password=None, portal: str | None = None, **kw
    ):
        user = super().authenticate(request, username=username, password=password, **kw)
        if user is None:
            return None
        is_employer = (
            not user.is_staff
            and not user.is_superuser
            and EmployerAccount.objects.filter(user=user).exists()
        )
        if portal == PORTAL_EMPLEADOR:
            return user if is_employer else None
        return None if is_employer else user
