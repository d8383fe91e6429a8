from django.contrib import admin

from .models import Registration


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """For support staff: look up a registration; changes go through the services."""

    list_display = ["number", "employer_identification", "business_name", "sector"]
    list_filter = ["sector", "status", "province"]
    search_fields = ["number", "employer_identification", "business_name", "email"]
    readonly_fields = ["solicitud", "acuerdo"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
