from django.contrib import admin

from clavepatronal.core.admin import ReadOnlyAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the trail is append-only, support staff may only look."""

    list_display = [
        "created",
        "action",
        "actor",
        "actor_label",
        "target_type",
        "target_id",
    ]
    list_filter = ["action", "target_type"]
    search_fields = ["target_id", "actor_label", "action"]
    date_hierarchy = "created"
