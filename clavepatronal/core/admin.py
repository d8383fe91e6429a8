from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Support staff may look; every change goes through the services and the trail."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
