from django.contrib import admin

from clavepatronal.core.admin import ReadOnlyAdmin

from .models import Registration


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    """For support staff: look up a registration; changes go through the services."""

    list_display = ["number", "employer_identification", "business_name", "sector"]
    list_filter = ["sector", "status", "province"]
    search_fields = ["number", "employer_identification", "business_name", "email"]
    readonly_fields = ["solicitud", "acuerdo"]
