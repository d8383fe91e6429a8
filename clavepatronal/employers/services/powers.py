"""Poderes notariales: the officer records the power an apoderado shows at the desk;
the provincial delegado jurídico validates and stamps it, or refuses it. The key is
issued to an apoderado only on a stamped power (keys.py)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.documents.codes import random_code
from clavepatronal.documents.inspection import CheckedFile
from clavepatronal.identity.models import Province
from clavepatronal.identity.validators import validate_identification
from clavepatronal.notifications.services import email_send

from ..constants import STAMP_CODE_LENGTH, PowerStatus
from ..models import PowerOfAttorney, Registration

STAMP_PERMISSION = "employers.stamp_powerofattorney"


@dataclass(frozen=True)
class PowerData:
    """What a notarized power says (copied at the desk or typed online)."""

    notary: str
    deed_number: str
    granted_on: datetime.date
    apoderado_names: str
    apoderado_id_type: str
    apoderado_identification: str


def _power_new(
    *, registration: Registration, province: Province, data: PowerData, **extra
) -> PowerOfAttorney:
    """The unsaved, validated power; refused with a Spanish message."""
    if data.granted_on > timezone.localdate():
        raise ApplicationError(_("La fecha de otorgamiento no puede ser futura."))
    try:
        identification = validate_identification(
            data.apoderado_id_type, data.apoderado_identification
        )
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages)) from None
    power = PowerOfAttorney(
        registration=registration,
        province=province,
        notary=data.notary.strip(),
        deed_number=data.deed_number.strip(),
        granted_on=data.granted_on,
        apoderado_names=data.apoderado_names.strip(),
        apoderado_id_type=data.apoderado_id_type,
        apoderado_identification=identification,
        **extra,
    )
    try:
        power.full_clean()
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages)) from None
    return power


def _power_save(power: PowerOfAttorney, *, actor=None, actor_label: str) -> None:
    power.save()
    audit_event_record(
        action=AuditAction.PODER_REGISTRADO,
        target=power,
        actor=actor,
        actor_label=actor_label,
        data={
            "registration": power.registration.number,
            "deed_number": power.deed_number,
            "apoderado": power.apoderado_identification,
            "online": power.filed_online,
        },
    )


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
    data = PowerData(
        notary,
        deed_number,
        granted_on,
        apoderado_names,
        apoderado_id_type,
        apoderado_identification,
    )
    power = _power_new(
        registration=registration,
        province=province,
        data=data,
        recorded_by=recorded_by,
    )
    _power_save(power, actor=recorded_by, actor_label=recorded_by.get_username())
    _power_notice(power, "registrado")
    return power


@transaction.atomic
def power_file_online(
    *,
    registration: Registration,
    province: Province,
    data: PowerData,
    scan: CheckedFile,
    filed_by: str,
) -> PowerOfAttorney:
    """«Registro de poder notarial»: the employer (from its portal) or the apoderado
    (from step f of a turn) files the power with its scan; it goes to the queue of
    the province's delegado jurídico, and the registration's e-mail is told. The
    scan passed documents.inspection and is kept in the row."""
    power = _power_new(
        registration=registration,
        province=province,
        data=data,
        filed_online=True,
        scan=scan.content,
        scan_kind=scan.kind,
        scan_sha256=scan.sha256,
    )
    # The number as validation wrote it (validate_identification), as it is stored.
    waiting = PowerOfAttorney.objects.filter(
        registration=registration,
        apoderado_identification=power.apoderado_identification,
        status__in=(PowerStatus.PENDIENTE, PowerStatus.SELLADO),
    )
    if waiting.exists():
        raise ApplicationError(
            _(
                "Ya hay un poder de esta persona para este empleador, validado o "
                "esperando al delegado jurídico. No hace falta registrarlo otra vez."
            ),
            extra={"code": "power_exists"},
        )
    _power_save(power, actor_label=filed_by)
    _power_notice(power, "registrado")
    return power


def _power_notice(power: PowerOfAttorney, event: str) -> None:
    """Tell the registration's e-mail what happened to a power in its name."""
    email_send(
        to=power.registration.email,
        subject=_("Poder notarial a nombre de su empresa — IESS"),
        template_name="poder_aviso",
        context={"power": power, "event": event},
    )


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
    _power_notice(power, "sellado")
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


def power_scan_view_record(*, power: PowerOfAttorney, actor) -> None:
    """Every look at a power's scan leaves an audit event (who, which, from where)."""
    audit_event_record(
        action=AuditAction.PODER_ESCANEO_VISTO,
        target=power,
        actor=actor,
        actor_label=actor.get_username(),
        data={"deed_number": power.deed_number},
    )
