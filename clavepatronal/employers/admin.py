from django.contrib import admin

from clavepatronal.core.admin import ReadOnlyAdmin

from .models import Activation, EmployerAccount, Registration


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    """For support staff: look up a registration; changes go through the services."""

    list_display = ["number", "employer_identification", "business_name", "sector"]
    list_filter = ["sector", "status", "province"]
    search_fields = ["number", "employer_identification", "business_name", "email"]
    readonly_fields = ["solicitud", "acuerdo"]


@admin.register(EmployerAccount)
class EmployerAccountAdmin(ReadOnlyAdmin):
    list_display = ["user", "registration", "activated_at", "clave_changed_at"]
    search_fields = ["user__username", "registration__business_name"]


@admin.register(Activation)
class ActivationAdmin(ReadOnlyAdmin):
    """Deliveries of the key: to whom, identified how, by whom, when. The secret is
    not here (only its HMAC is stored), so support cannot use or pass it on."""

    list_display = [
        "account",
        "purpose",
        "channel",
        "status",
        "recipient_names",
        "recipient_role",
        "issued_by_label",
        "created",
        "expires_at",
    ]
    list_filter = ["purpose", "channel", "status", "recipient_role"]
    search_fields = ["account__user__username", "recipient_identification"]
    exclude = ["secret_hash"]
