from django.contrib import admin

from clavepatronal.core.admin import ReadOnlyAdmin

from .models import EmailVerification, OutboxEmail


@admin.register(EmailVerification)
class EmailVerificationAdmin(ReadOnlyAdmin):
    list_display = ["created", "purpose", "subject", "email", "attempts", "used_at"]
    list_filter = ["purpose"]
    search_fields = ["subject", "email"]
    exclude = ["salt", "code_hash"]


@admin.register(OutboxEmail)
class OutboxEmailAdmin(ReadOnlyAdmin):
    """Support staff see what was sent, when, and what failed; bodies carry codes."""

    list_display = ["created", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    exclude = ["body", "attachments"]
