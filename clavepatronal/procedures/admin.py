from django.contrib import admin

from clavepatronal.core.admin import ReadOnlyAdmin

from .models import Attachment, StatusChange, Tramite


class AttachmentInline(admin.TabularInline):
    """Metadata and the signature report; the files open only through the back
    office's authorized view, never from the admin."""

    model = Attachment
    extra = 0
    fields = [
        "requirement_name",
        "display_name",
        "kind",
        "size",
        "sha256",
        "is_current",
        "signature_report",
    ]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    fields = ["created", "from_status", "to_status", "actor_label", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Tramite)
class TramiteAdmin(ReadOnlyAdmin):
    list_display = ["number", "status", "procedure_type", "province", "created"]
    list_filter = ["status", "procedure_type", "province"]
    search_fields = ["number", "employer_identification", "applicant_identification"]
    inlines = [AttachmentInline, StatusChangeInline]
