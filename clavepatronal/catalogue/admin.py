from django.contrib import admin

from .models import ProcedureType, Requirement


class RequirementInline(admin.TabularInline):
    model = Requirement
    extra = 0


@admin.register(ProcedureType)
class ProcedureTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_active", "order"]
    list_filter = ["is_active"]
    search_fields = ["name", "code"]
    inlines = [RequirementInline]
