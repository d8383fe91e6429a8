from django.contrib import admin

from clavepatronal.core.admin import ReadOnlyAdmin

from .models import GeneratedDocument


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(ReadOnlyAdmin):
    list_display = ["code", "kind", "holder_identification", "holder_name", "created"]
    list_filter = ["kind"]
    search_fields = ["code", "holder_identification", "holder_name"]
    exclude = ["file"]
