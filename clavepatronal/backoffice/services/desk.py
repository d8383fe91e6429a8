"""The in-person desk: arrival, no-show, the employer, the papers, the key."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.appointments.models import Turn
from clavepatronal.appointments.services import turn_arrival_register, turn_attend
from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.catalogue.constants import CLAVE_PATRONAL_CODE
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.documents.services import generated_documents_atomic
from clavepatronal.employers.constants import (
    PowerStatus,
    RecipientRole,
    RegistrationStatus,
)
from clavepatronal.employers.models import PowerOfAttorney
from clavepatronal.employers.selectors import (
    registration_active_get,
    registration_named_person,
)
from clavepatronal.employers.services import (
    IssuanceResult,
    clave_issue_at_desk,
    power_record,
)
from clavepatronal.identity.validators import identification_compact

from ..models import DeskService
from ..selectors.desk import desk_powers, desk_requirements


class HolderMismatch(ApplicationError):
    """The person at the desk is not the turn's holder, or no longer one the
    employer's registration names."""


def _holder_check(*, turn: Turn, presented_identification: str) -> None:
    presented = identification_compact(presented_identification)
    if presented != turn.identification:
        raise HolderMismatch(
            _(
                "La persona que presenta el turno no es quien lo reservó: el "
                "documento no coincide. El turno es personal; quien lo reservó debe "
                "presentarlo con su documento original."
            ),
            extra={"code": "holder_mismatch"},
        )
    if turn.registration_id is None:
        return
    registration = turn.registration
    named = registration.status == RegistrationStatus.ACTIVO and (
        registration_named_person(registration=registration, identification=presented)
    )
    if not named:
        raise HolderMismatch(
            _(
                "Quien reservó ya no figura en el Registro nuevo empleador activo de "
                "este empleador (representante legal, persona autorizada o "
                "apoderado). No se puede atender este turno para la clave patronal."
            ),
            extra={"code": "holder_not_named"},
        )


@transaction.atomic
def desk_arrival_register(
    *,
    turn: Turn,
    officer,
    presented_identification: str,
    now: datetime.datetime | None = None,
) -> DeskService:
    """Registrar llegada: the person presenting the turn must be its holder (and, for
    a clave turn, still named by the employer's registration); then the turn waits
    (appointments moves it) and the attention starts, for the turn's employer."""
    now = now or timezone.now()
    _holder_check(turn=turn, presented_identification=presented_identification)
    turn_arrival_register(turn=turn, actor=officer, now=now)
    service = DeskService(
        turn=turn, officer=officer, arrived_at=now, registration=turn.registration
    )
    service.full_clean()
    service.save()
    return service


@transaction.atomic
def desk_attention_close(
    *, service: DeskService, officer, now: datetime.datetime | None = None
) -> DeskService:
    """Cerrar atención: the person was served (a procedure other than the clave)."""
    _open_require(service)
    now = now or timezone.now()
    turn_attend(turn=service.turn, actor=officer, now=now)
    service.finished_at = now
    service.save(update_fields=["finished_at", "updated"])
    return service


def _open_require(service: DeskService) -> None:
    if service.finished_at is not None:
        raise ApplicationError(_("Esta atención ya terminó: la clave fue entregada."))


@transaction.atomic
def desk_employer_set(
    *, service: DeskService, identification: str, officer
) -> DeskService:
    """The employer this attention is for, found by its RUC (or cédula)."""
    _open_require(service)
    registration = registration_active_get(
        identification=identification_compact(identification)
    )
    if registration is None:
        raise ApplicationError(
            _(
                "No hay un Registro nuevo empleador activo con ese número. La persona "
                "debe registrarse primero (o revise el número)."
            )
        )
    service.registration = registration
    service.save(update_fields=["registration", "updated"])
    audit_event_record(
        action=AuditAction.ATENCION_EMPLEADOR,
        target=service.turn,
        actor=officer,
        actor_label=officer.get_username(),
        data={"registration": registration.number},
    )
    return service


def desk_power_record(*, service: DeskService, officer, **power) -> PowerOfAttorney:
    """The apoderado's notarized power, for the province's delegado jurídico."""
    _open_require(service)
    if service.registration is None:
        raise ApplicationError(_("Primero busque al empleador por su RUC."))
    return power_record(
        registration=service.registration,
        province=service.turn.slot.agency.province,
        recorded_by=officer,
        **power,
    )


@generated_documents_atomic()  # the Acta's file goes if the issuance rolls back
def desk_clave_issue(
    *,
    service: DeskService,
    officer,
    checklist: list[str],
    signatures_checked: bool,
    identity_checked: bool,
    recipient_role: str,
    recipient_names: str,
    recipient_id_type: str,
    recipient_identification: str,
    power: PowerOfAttorney | None = None,
    now: datetime.datetime | None = None,
) -> IssuanceResult:
    """Emitir clave: every paper checked, the collector identified and entitled
    (clave_issue_at_desk checks the Solicitud's authorization and the power's
    stamp); the attention ends with the printed Acta."""
    _open_require(service)
    if service.turn.procedure_type.code != CLAVE_PATRONAL_CODE:
        raise ApplicationError(_("Este turno no es para la clave patronal."))
    if service.registration is None:
        raise ApplicationError(_("Primero busque al empleador por su RUC."))
    required = desk_requirements(registration=service.registration)
    missing = [label for code, label in required if code not in checklist]
    if missing:
        raise ApplicationError(
            _("Faltan requisitos por verificar: %(items)s.")
            % {"items": "; ".join(str(label) for label in missing)}
        )
    _confirmations_require(
        signatures_checked=signatures_checked, identity_checked=identity_checked
    )
    if power is None and recipient_role == RecipientRole.APODERADO:
        _power_unstamped_refuse(service, recipient_identification)
    result = clave_issue_at_desk(
        registration=service.registration,
        issued_by=officer,
        recipient_names=recipient_names,
        recipient_id_type=recipient_id_type,
        recipient_identification=recipient_identification,
        recipient_role=recipient_role,
        power_of_attorney=power,
        now=now,
    )
    now = now or timezone.now()
    turn_attend(turn=service.turn, actor=officer, now=now)
    service.checklist = sorted(set(checklist))
    service.activation = result.activation
    service.finished_at = now
    service.save(update_fields=["checklist", "activation", "finished_at", "updated"])
    return result


def _confirmations_require(*, signatures_checked: bool, identity_checked: bool):
    if not signatures_checked:
        raise ApplicationError(
            _(
                "Confirme que la Solicitud y el Acuerdo tienen la firma manuscrita del "
                "representante legal."
            )
        )
    if not identity_checked:
        raise ApplicationError(
            _(
                "Confirme que vio el documento de identificación original de quien "
                "retira."
            )
        )


def _power_unstamped_refuse(service: DeskService, identification: str) -> None:
    """The desk offers stamped powers only: this apoderado's power recorded but not
    stamped (yet, or ever) is named as such, not as a power never recorded."""
    wanted = identification_compact(identification)
    powers = desk_powers(service=service).exclude(status=PowerStatus.SELLADO)
    for power in powers.order_by("-created"):
        if identification_compact(power.apoderado_identification) != wanted:
            continue
        if power.status == PowerStatus.RECHAZADO:
            raise ApplicationError(
                _(
                    "El delegado jurídico rechazó el poder notarial de este apoderado "
                    "(%(deed)s); con ese poder no se le puede entregar la clave."
                )
                % {"deed": power.deed_number},
                extra={"code": "power_rejected"},
            )
        raise ApplicationError(
            _(
                "El poder notarial de este apoderado (%(deed)s) está registrado, pero "
                "el delegado jurídico aún no lo valida ni lo sella; la clave se le "
                "puede entregar cuando tenga el sello."
            )
            % {"deed": power.deed_number},
            extra={"code": "power_not_stamped"},
        )
