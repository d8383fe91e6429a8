"""Poderes notariales: the officer records the power an apoderado shows at the desk;
the provincial delegado jurídico validates and stamps it, or refuses it. The key is
issued to an apoderado only on a stamped power (keys.py)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.documents.codes import random_code
from clavepatronal.identity.models import Province
from clavepatronal.identity.validators import validate_identification

from ..constants import STAMP_CODE_LENGTH, PowerStatus
from ..models import PowerOfAttorney, Registration

STAMP_PERMISSION = "employers.stamp_powerofattorney"


@transaction.atomic
def power_record(
    *,
    registration: Registration,
    province: Province,
    recorded_by,
    notary: str,
    deed_number: str,
    granted_on: datetime.date,
    apoderado_names: str,
    apoderado_id_type: str,
    apoderado_identification: str,
) -> PowerOfAttorney:
    """The officer copies the power's data; it waits for the delegado jurídico."""
    if not recorded_by.is_staff:
        raise ApplicationError(_("Solo un servidor del IESS registra poderes."))
    if granted_on > timezone.localdate():
        raise ApplicationError(_("La fecha de otorgamiento no puede ser futura."))
    try:
        identification = validate_identification(
            apoderado_id_type, apoderado_identification
        )
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages)) from None
    power = PowerOfAttorney(
        registration=registration,
        province=province,
        recorded_by=recorded_by,
        notary=notary.strip(),
        deed_number=deed_number.strip(),
        granted_on=granted_on,
        apoderado_names=apoderado_names.strip(),
        apoderado_id_type=apoderado_id_type,
        apoderado_identification=identification,
    )
    power.full_clean()
    power.save()
    audit_event_record(
        action=AuditAction.PODER_REGISTRADO,
        target=power,
        actor=recorded_by,
        actor_label=recorded_by.get_username(),
        data={
            "registration": registration.number,
            "deed_number": power.deed_number,
            "apoderado": power.apoderado_identification,
        },
    )
    return power


def _review(
    *, power: PowerOfAttorney, actor, to: str, fields: dict, now: datetime.datetime
) -> PowerOfAttorney:
    """PENDIENTE → SELLADO or RECHAZADO once: a conditional UPDATE, so two
    delegados acting at once cannot both succeed."""
    if not actor.has_perm(STAMP_PERMISSION):
        raise ApplicationError(
            _("Solo el delegado jurídico de la provincia valida poderes notariales.")
        )
    changed = PowerOfAttorney.objects.filter(
        pk=power.pk, status=PowerStatus.PENDIENTE
    ).update(status=to, reviewed_by=actor, reviewed_at=now, updated=now, **fields)
    if not changed:
        raise ApplicationError(
            _("Este poder ya fue revisado; vuelva a cargar la página.")
        )
    power.refresh_from_db()
    return power


@transaction.atomic
def power_stamp(
    *, power: PowerOfAttorney, actor, now: datetime.datetime | None = None
) -> PowerOfAttorney:
    """The delegado jurídico validates the power; the stamp code goes on the Acta."""
    power = _review(
        power=power,
        actor=actor,
        to=PowerStatus.SELLADO,
        fields={"stamp_code": random_code(STAMP_CODE_LENGTH)},
        now=now or timezone.now(),
    )
    audit_event_record(
        action=AuditAction.PODER_SELLADO,
        target=power,
        actor=actor,
        actor_label=actor.get_username(),
        data={"stamp_code": power.stamp_code, "deed_number": power.deed_number},
    )
    return power


@transaction.atomic
def power_reject(
    *,
    power: PowerOfAttorney,
    actor,
    reason: str,
    now: datetime.datetime | None = None,
) -> PowerOfAttorney:
    """The delegado jurídico refuses the power, saying why; no key on it."""
    if not reason.strip():
        raise ApplicationError(_("Escriba el motivo del rechazo."))
    power = _review(
        power=power,
        actor=actor,
        to=PowerStatus.RECHAZADO,
        fields={"rejection_reason": reason.strip()},
        now=now or timezone.now(),
    )
    audit_event_record(
        action=AuditAction.PODER_RECHAZADO,
        target=power,
        actor=actor,
        actor_label=actor.get_username(),
        data={"reason": power.rejection_reason, "deed_number": power.deed_number},
    )
    return power
