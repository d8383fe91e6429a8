from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
