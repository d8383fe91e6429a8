from django.contrib import admin

from clavepatronal.core.admin import ReadOnlyAdmin

from .models import EmailVerification


@admin.register(EmailVerification)
class EmailVerificationAdmin(ReadOnlyAdmin):
    list_display = ["created", "purpose", "subject", "email", "attempts", "used_at"]
    list_filter = ["purpose"]
    search_fields = ["subject", "email"]
    exclude = ["salt", "code_hash"]
