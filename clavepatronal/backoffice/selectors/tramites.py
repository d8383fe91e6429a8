"""The virtual queue and one trámite as an officer sees it."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from clavepatronal.catalogue.constants import AppliesTo
from clavepatronal.procedures.models import Attachment, Tramite
from clavepatronal.procedures.selectors import (
    RequirementSlot,
    tramite_detail,
    tramite_requirement_slots,
)

from .scope import StaffScope, scoped_tramites


def tramite_queue(
    *,
    scope: StaffScope,
    status: str = "",
    procedure_type_id: int | None = None,
    older_than_days: int | None = None,
) -> QuerySet[Tramite]:
    """The province's trámites, oldest first, filtered as the officer asks."""
    tramites = scoped_tramites(scope=scope).select_related(
        "procedure_type", "province", "assigned_to"
    )
    if status:
        tramites = tramites.filter(status=status)
    if procedure_type_id:
        tramites = tramites.filter(procedure_type_id=procedure_type_id)
    if older_than_days:
        cutoff = timezone.now() - datetime.timedelta(days=older_than_days)
        tramites = tramites.filter(created__lte=cutoff)
    return tramites.order_by("created", "pk")


def tramite_for_staff(*, scope: StaffScope, number: str) -> Tramite | None:
    """One trámite of the officer's province, with files, observations and history;
    None (a 404) for another province's."""
    tramite = scoped_tramites(scope=scope).filter(number=number).first()
    return tramite_detail(tramite=tramite) if tramite else None


def attachment_for_staff(
    *, scope: StaffScope, number: str, pk: int
) -> Attachment | None:
    """A file of a trámite of the officer's province, current or replaced."""
    return (
        Attachment.objects.select_related("tramite")
        .filter(pk=pk, tramite__in=scoped_tramites(scope=scope).filter(number=number))
        .first()
    )


@dataclass(frozen=True)
class ChecklistRow:
    """One requirement that applies, with the file that answers it (or none)."""

    slot: RequirementSlot
    attachment: Attachment | None

    @property
    def signature_ok(self) -> bool | None:
        report = self.attachment.signature_report if self.attachment else None
        return None if report is None else bool(report.get("ok"))


def tramite_checklist(*, tramite: Tramite) -> list[ChecklistRow]:
    """Every requirement that applies to this employer, in the published order:
    what was uploaded for it, and what is missing."""
    by_code = {a.requirement_code: a for a in tramite.current_attachments}
    slots = tramite_requirement_slots(
        procedure_type=tramite.procedure_type, registration=tramite.registration
    )
    rows = [
        ChecklistRow(slot=slot, attachment=by_code.pop(slot.code, None))
        for slot in slots
    ]
    # A foreigner uploads one of three alternatives: the others are not "missing".
    uploaded_foreign = any(
        row.attachment for row in rows if row.slot.applies_to == AppliesTo.SIN_CEDULA
    )
    if uploaded_foreign:
        rows = [
            row
            for row in rows
            if row.attachment or row.slot.applies_to != AppliesTo.SIN_CEDULA
        ]
    return rows
