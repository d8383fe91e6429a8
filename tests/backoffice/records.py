"""Trámites and turns built straight in the database, with the times a report
test needs (created is auto_now_add: set afterwards with a queryset update)."""

import datetime
import itertools
from zoneinfo import ZoneInfo

from clavepatronal.appointments.constants import TurnStatus
from clavepatronal.appointments.models import Agency, Slot, Turn
from clavepatronal.catalogue.constants import CLAVE_PATRONAL_CODE
from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.identity.constants import IdentificationType
from clavepatronal.identity.models import Province
from clavepatronal.procedures.constants import TramiteStatus
from clavepatronal.procedures.models import StatusChange, Tramite

GYE = ZoneInfo("America/Guayaquil")
_numbers = itertools.count(1)


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=GYE)


def tramite_create(
    *,
    province_code: str,
    status: str,
    created: datetime.datetime,
    issued: datetime.datetime | None = None,
) -> Tramite:
    """A trámite received at `created`; with `issued`, its CLAVE_EMITIDA history
    row carries that time."""
    number = next(_numbers)
    tramite = Tramite.objects.create(
        number=f"VV-2026-{number:06d}",
        form_token=f"token-{number}",
        status=status,
        procedure_type=ProcedureType.objects.get(code=CLAVE_PATRONAL_CODE),
        province=Province.objects.get(code=province_code),
        applicant_id_type=IdentificationType.CEDULA,
        applicant_identification="0926687856",
        applicant_names="Juan Carlos Pérez Andrade",
        applicant_email="juan.perez@ejemplo.ec",
        applicant_mobile="0991234567",
        employer_identification="0992345678001",
        message="Solicito la clave patronal.",
    )
    Tramite.objects.filter(pk=tramite.pk).update(created=created)
    received = StatusChange.objects.create(
        tramite=tramite, to_status=TramiteStatus.RECIBIDO, actor_label="solicitante"
    )
    StatusChange.objects.filter(pk=received.pk).update(created=created)
    if issued is not None:
        change = StatusChange.objects.create(
            tramite=tramite,
            from_status=TramiteStatus.APROBADO,
            to_status=TramiteStatus.CLAVE_EMITIDA,
            actor_label="servidor",
        )
        StatusChange.objects.filter(pk=change.pk).update(created=issued)
    tramite.refresh_from_db()
    return tramite


def turn_create(
    *, agency: Agency, starts_at: datetime.datetime, status: str = TurnStatus.RESERVADO
) -> Turn:
    slot, _created = Slot.objects.get_or_create(
        agency=agency,
        starts_at=starts_at,
        defaults={
            "ends_at": starts_at + datetime.timedelta(minutes=20),
            "capacity": 50,
        },
    )
    number = next(_numbers)
    return Turn.objects.create(
        code=f"T{number:09d}",
        slot=slot,
        procedure_type=ProcedureType.objects.get(code=CLAVE_PATRONAL_CODE),
        identification_type=IdentificationType.CEDULA,
        identification=f"17{number:08d}",
        email=f"persona{number}@correo.ec",
        mobile="+593991234567",
        status=status,
        cancelled_at=starts_at if status == TurnStatus.CANCELADO else None,
    )
