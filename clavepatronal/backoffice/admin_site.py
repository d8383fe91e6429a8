"""The Django admin, for support staff, behind the back office's two factors."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


class StaffAdminSite(admin.AdminSite):
    site_header = "Clave Patronal — administración"
    site_title = "Clave Patronal"

    def has_permission(self, request) -> bool:
        user = request.user
        return super().has_permission(request) and user.is_verified()

    def login(self, request, extra_context=None):
        """One door for staff: the back office's login, password then code."""
        target = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('backoffice:login')}?{urlencode({'next': target})}")
