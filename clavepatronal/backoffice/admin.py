from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from clavepatronal.core.admin import ReadOnlyAdmin
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.employers.models import PowerOfAttorney
from clavepatronal.identity.validators import validate_cedula

from .models import DeskService, StaffProfile
from .services.staff import staff_enrolment_link_send


class StaffProfileForm(forms.ModelForm):
    class Meta:
        model = StaffProfile
        fields = ["agency", "province", "identification"]

    def clean_identification(self) -> str:
        """The officer's own cédula, checked and kept compact (turno asistido)."""
        value = self.cleaned_data.get("identification", "")
        return validate_cedula(value) if value.strip() else ""


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    form = StaffProfileForm
    can_delete = False
    verbose_name = verbose_name_plural = _(
        "Dónde trabaja (servidores: agencia; delegados: provincia)"
    )


@admin.register(get_user_model())
class StaffUserAdmin(UserAdmin):
    """Staff accounts: role (groups) and place. The authenticator is set up by the
    person through the single-use link the action below mails them."""

    inlines = [StaffProfileInline]
    actions = ["enrolment_link_send"]

    @admin.action(description=_("Enviar enlace para configurar el segundo factor"))
    def enrolment_link_send(self, request, queryset):
        sent = 0
        for user in queryset.filter(is_staff=True, is_active=True):
            try:
                staff_enrolment_link_send(user=user, issued_by=request.user)
            except ApplicationError as error:
                self.message_user(
                    request, f"{user.get_username()}: {error.message}", messages.ERROR
                )
            else:
                sent += 1
        if sent:
            self.message_user(
                request,
                _("Enlaces enviados: %(count)d.") % {"count": sent},
                messages.SUCCESS,
            )

    list_display = ["username", "first_name", "last_name", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "groups"]


@admin.register(PowerOfAttorney)
class PowerOfAttorneyAdmin(ReadOnlyAdmin):
    """Recorded at the desk, stamped in the back office: here only to look."""

    list_display = ["deed_number", "apoderado_names", "status", "province", "created"]
    list_filter = ["status", "province"]
    search_fields = ["deed_number", "apoderado_identification", "stamp_code"]


@admin.register(DeskService)
class DeskServiceAdmin(ReadOnlyAdmin):
    list_display = ["turn", "officer", "arrived_at", "finished_at"]
    list_select_related = ["turn", "officer"]
