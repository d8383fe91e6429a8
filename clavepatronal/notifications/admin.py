from django.contrib import admin

from .models import EmailVerification


@admin.register(EmailVerification)
class EmailVerificationAdmin(admin.ModelAdmin):
    list_display = ["created", "purpose", "subject", "email", "attempts", "used_at"]
    list_filter = ["purpose"]
    search_fields = ["subject", "email"]
    exclude = ["salt", "code_hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
