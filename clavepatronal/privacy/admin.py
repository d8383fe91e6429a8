"""Support staff read the records; every change goes through the services (and
the back office), which write the audit trail."""

from django.contrib import admin

from clavepatronal.core.admin import ReadOnlyAdmin

from .models import BreachIncident, BreachNotice, Consent, RightsRequest


@admin.register(RightsRequest)
class RightsRequestAdmin(ReadOnlyAdmin):
    list_display = ["number", "right", "status", "received_at", "due_on"]
    list_filter = ["status", "right"]
    search_fields = ["number"]


@admin.register(BreachIncident)
class BreachIncidentAdmin(ReadOnlyAdmin):
    list_display = ["title", "discovered_at", "authority_due_on", "people_due_on"]


@admin.register(BreachNotice)
class BreachNoticeAdmin(ReadOnlyAdmin):
    list_display = ["incident", "employer_identification", "sent_at"]


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ["identification", "purpose", "text_version", "given_at"]
    list_filter = ["purpose"]
