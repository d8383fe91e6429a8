"""The Django admin, for support staff, behind the back office's two factors.

Every model admin registered on this site, ours and the libraries' alike (django-otp's
TOTP devices, axes' logs), refuses URL lookups and searches on secret fields: a hidden
field is still filterable by `?key__startswith=…` in Django's admin, which reads a
secret one prefix at a time. A field is secret by its name (SECRET_FIELD), wherever the
lookup reaches it, through relations too; the refusal is a 400 (Django's
DisallowedModelAdminLookup).
"""

import re

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db.models.constants import LOOKUP_SEP
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

# Secrets (TOTP keys, password and code hashes, salts, tokens) and what is
# confidential until its time (a draw's seed, published once drawn).
SECRET_FIELD = re.compile(r"(^|_)(seed|key|secret|hash|token|password|salt)($|_)")


def lookup_reaches_a_secret(model, lookup: str) -> bool:
    """Whether a lookup path (`user__password__startswith`) names a secret field of
    `model` or of a model it reaches through relations."""
    for part in lookup.split(LOOKUP_SEP):
        if SECRET_FIELD.search(part):
            return True
        if part == "pk":
            continue
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False  # a transform or lookup (startswith, year…): the path ends
        if not field.is_relation or field.related_model is None:
            return False
        model = field.related_model
    return False


class SecretLookupsRefused:
    """Mixed into every model admin of the site, before its own class."""

    def lookup_allowed(self, lookup, value, request=None):
        if lookup_reaches_a_secret(self.model, lookup):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_fields(self, request):
        return [
            path
            for path in super().get_search_fields(request)
            if not lookup_reaches_a_secret(self.model, path.lstrip("^=@"))
        ]


class StaffAdminSite(admin.AdminSite):
    site_header = "Clave Patronal — administración"
    site_title = "Clave Patronal"

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, SecretLookupsRefused):
            admin_class = type(
                admin_class.__name__,
                (SecretLookupsRefused, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def has_permission(self, request) -> bool:
        user = request.user
        return super().has_permission(request) and user.is_verified()

    def login(self, request, extra_context=None):
        """One door for staff: the back office's login, password then code."""
        target = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('backoffice:login')}?{urlencode({'next': target})}")
