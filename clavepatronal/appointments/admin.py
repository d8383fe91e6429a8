from django.contrib import admin

from .models import Agency


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "province",
        "slot_minutes",
        "capacity_per_slot",
        "is_active",
    ]
    list_filter = ["province", "is_active", "procedure_types"]
    search_fields = ["name", "address"]
    filter_horizontal = ["procedure_types"]
