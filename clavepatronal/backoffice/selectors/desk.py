"""The in-person desk: the day's turns at my agency, one turn, what to check."""

import datetime
from itertools import groupby

from django.db.models import QuerySet
from django.utils import timezone

from clavepatronal.appointments.constants import TURN_CODE_LENGTH
from clavepatronal.appointments.models import Turn
from clavepatronal.documents.codes import code_normalize
from clavepatronal.employers.constants import (
    EmployerIdType,
    PowerStatus,
    Sector,
)
from clavepatronal.employers.models import PowerOfAttorney, Registration
from clavepatronal.identity.constants import IdentificationType

from ..constants import DeskRequirement
from ..models import DeskService
from .scope import StaffScope, scoped_turns


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


def turns_by_hour(
    *, scope: StaffScope, day: datetime.date
) -> list[tuple[datetime.datetime, list[Turn]]]:
    """The day's turns at my agency, grouped by start time."""
    start, end = _day_bounds(day)
    turns = (
        scoped_turns(scope=scope)
        .filter(slot__starts_at__gte=start, slot__starts_at__lt=end)
        .select_related("slot__agency", "procedure_type")
        .order_by("slot__starts_at", "slot__agency__name", "code")
    )
    return [
        (timezone.localtime(starts_at), list(group))
        for starts_at, group in groupby(turns, key=lambda t: t.slot.starts_at)
    ]


def turn_code_read(value: str) -> str | None:
    """A typed code (any case, dashes, O for 0) or the QR's text, normalised."""
    return code_normalize(value.strip().rsplit("/", 1)[-1], length=TURN_CODE_LENGTH)


def turn_for_staff(*, scope: StaffScope, code: str) -> Turn | None:
    """A turn of my agency; None (a 404) for another agency's."""
    return (
        scoped_turns(scope=scope)
        .filter(code=code)
        .select_related("slot__agency__province", "procedure_type")
        .first()
    )


def desk_service_get(*, turn: Turn) -> DeskService | None:
    return (
        DeskService.objects.filter(turn=turn)
        .select_related("registration", "officer", "activation")
        .first()
    )


def desk_requirements(*, registration: Registration) -> list[tuple[str, str]]:
    """The seed's in-person requirements that apply to this employer, in order."""
    wanted = [DeskRequirement.CONFIRMACION]
    if registration.employer_id_type == EmployerIdType.RUC:
        wanted.append(DeskRequirement.RUC)
    wanted.append(DeskRequirement.SOLICITUD)
    if registration.rep_id_type == IdentificationType.CEDULA:
        wanted.append(DeskRequirement.CEDULA)
    else:
        wanted.append(DeskRequirement.EXTRANJERO)
    wanted.append(DeskRequirement.ACUERDO)
    if registration.sector == Sector.ARTESANO:
        wanted.append(DeskRequirement.ARTESANO)
    return [(item.value, item.label) for item in wanted]


def desk_powers(*, service: DeskService) -> QuerySet[PowerOfAttorney]:
    """This employer's powers recorded in this agency's province, newest first."""
    if service.registration_id is None:
        return PowerOfAttorney.objects.none()
    return PowerOfAttorney.objects.filter(
        registration_id=service.registration_id,
        province_id=service.turn.slot.agency.province_id,
    ).select_related("reviewed_by")


def desk_stamped_powers(*, service: DeskService) -> QuerySet[PowerOfAttorney]:
    return desk_powers(service=service).filter(status=PowerStatus.SELLADO)
