from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from clavepatronal.core.admin import ReadOnlyAdmin
from clavepatronal.core.exceptions import ApplicationError

from .constants import ApplicationStatus
from .models import (
    Agency,
    AgencyClosure,
    AgencyModeSwitch,
    Draw,
    Slot,
    Turn,
    TurnApplication,
    WaitlistEntry,
    WaitlistOffer,
)
from .selectors.draws import pending_losses_column
from .services import calendar_version_bump, turn_cancel


class CalendarChangeAdmin(admin.ModelAdmin):
    """An edit here changes what the agency's calendar shows (hours, seats, closed
    days, the mode): its version is bumped in the admin's own transaction, which
    also saves the closures edited inline."""

    @staticmethod
    def agency_id_of(obj) -> int:
        return obj.pk if isinstance(obj, Agency) else obj.agency_id

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        calendar_version_bump(agency_id=self.agency_id_of(obj))

    # A deleted closure reopens its day; a deleted agency has no calendar left.
    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        if isinstance(obj, AgencyClosure):
            calendar_version_bump(agency_id=obj.agency_id)

    def delete_queryset(self, request, queryset):
        closures = [obj.agency_id for obj in queryset if isinstance(obj, AgencyClosure)]
        super().delete_queryset(request, queryset)
        for agency_id in set(closures):
            calendar_version_bump(agency_id=agency_id)


class AgencyClosureInline(admin.TabularInline):
    model = AgencyClosure
    extra = 1
    fields = ["date", "reason"]


@admin.register(Agency)
class AgencyAdmin(CalendarChangeAdmin):
    list_display = [
        "name",
        "province",
        "slot_minutes",
        "capacity_per_slot",
        "allocation_mode",
        "is_active",
    ]
    list_filter = ["province", "is_active", "allocation_mode", "procedure_types"]
    search_fields = ["name", "address"]
    filter_horizontal = ["procedure_types"]
    inlines = [AgencyClosureInline]


@admin.register(AgencyClosure)
class AgencyClosureAdmin(CalendarChangeAdmin):
    list_display = ["date", "agency", "reason"]
    list_filter = ["agency__province", "agency"]
    date_hierarchy = "date"
    search_fields = ["agency__name", "reason"]
    autocomplete_fields = ["agency"]


@admin.register(Slot)
class SlotAdmin(ReadOnlyAdmin):
    """Read-only: seats change only through the booking services."""

    list_display = ["starts_at", "agency", "booked", "capacity"]
    list_filter = ["agency__province", "agency"]
    date_hierarchy = "starts_at"


@admin.register(Turn)
class TurnAdmin(ReadOnlyAdmin):
    """For support staff: find a turn; cancelling goes through the service."""

    list_display = [
        "code",
        "status",
        "slot",
        "procedure_type",
        "identification",
        "email",
    ]
    list_filter = ["status", "procedure_type", "slot__agency__province"]
    search_fields = ["=code", "=identification", "email"]
    actions = ["cancel_turns"]

    def has_cancel_permission(self, request) -> bool:
        return request.user.has_perm("appointments.change_turn")

    @admin.action(
        description=_("Cancelar los turnos seleccionados"), permissions=["cancel"]
    )
    def cancel_turns(self, request, queryset):
        cancelled = 0
        for turn in queryset:
            try:
                turn_cancel(turn=turn)
            except ApplicationError as error:
                self.message_user(
                    request, f"{turn.code_display}: {error.message}", messages.WARNING
                )
            else:
                cancelled += 1
        self.message_user(
            request,
            _("Turnos cancelados: %(count)d.") % {"count": cancelled},
            messages.SUCCESS,
        )


@admin.register(Draw)
class DrawAdmin(ReadOnlyAdmin):
    """Draws are run by the system and published; nobody edits one."""

    list_display = ["day", "agency", "status", "seats", "applications", "winners"]
    list_filter = ["status", "agency__province", "agency"]
    date_hierarchy = "day"
    exclude = ["seed"]  # shown only once drawn, on the public page


@admin.register(TurnApplication)
class TurnApplicationAdmin(ReadOnlyAdmin):
    list_display = ["created", "agency", "day", "status", "losses"]
    list_filter = ["status", "agency"]
    search_fields = ["identification", "employer_identification"]

    def get_queryset(self, request):
        applications = super().get_queryset(request)
        return applications.annotate(draws_lost=pending_losses_column())

    @admin.display(description=_("sorteos perdidos seguidos"))
    def losses(self, application):
        """Counted for those still in the draws; the audit trail has the others'."""
        if application.status != ApplicationStatus.PENDIENTE:
            return "—"
        return application.draws_lost


@admin.register(AgencyModeSwitch)
class AgencyModeSwitchAdmin(ReadOnlyAdmin):
    """Modo automático: each switch with the figures that decided it."""

    list_display = ["agency", "mode", "effective_from", "decided_at"]
    list_filter = ["mode", "agency"]
    date_hierarchy = "effective_from"


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(ReadOnlyAdmin):
    """Lista de espera: in its published order; changes go through the services."""

    list_display = [
        "created",
        "agency",
        "procedure_type",
        "status",
        "priority",
        "rank",
        "until",
    ]
    list_filter = ["status", "agency__province", "agency", "procedure_type"]
    search_fields = ["=identification", "=employer_identification", "email"]
    date_hierarchy = "created"


@admin.register(WaitlistOffer)
class WaitlistOfferAdmin(ReadOnlyAdmin):
    """Each freed seat held for an entry, and how it ended."""

    list_display = ["created", "slot", "entry", "status", "expires_at", "answered_at"]
    list_filter = ["status", "slot__agency"]
    search_fields = ["=entry__identification"]
    date_hierarchy = "created"
