"""Registration and the SRI: what its answer about a RUC allows, and the record of it.

The rules are pure functions of an `SriResult`: the wizard's forms apply them to the
answer kept in the session (so no page view asks the SRI again), and the services
apply them to mark the Registration. Every lookup goes through `sri_port()` and
leaves one `sri.consultado` audit event with the verdict, never the answer.
See docs/registro.md.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.core.tasks import task_enqueue_with_transaction
from clavepatronal.documents.services import generated_documents_holder_verified

from ..constants import EmployerIdType, Sector, SriStatus
from ..models import Registration
from ..sri import SriResult, SriUnavailableReason, sri_port

WIZARD_ACTOR = "registro nuevo empleador"
RECHECK_ACTOR = "verificación con el SRI"


# What the SRI's answer refuses, in the order it is checked: (does it refuse this
# sector?, what the person reads, code).
_REFUSALS = (
    (
        lambda result, sector: result.is_not_found,
        gettext_lazy(
            "El SRI no tiene registrado el RUC %(ruc)s. Revise el número; si es "
            "correcto, acérquese al SRI antes de registrarse."
        ),
        "sri_not_found",
    ),
    (
        lambda result, sector: not result.is_active,
        gettext_lazy(
            "Según el SRI, el RUC %(ruc)s está %(estado)s. Solo un contribuyente "
            "ACTIVO puede registrarse como empleador: regularice su RUC en el SRI y "
            "vuelva a intentarlo."
        ),
        "sri_inactive",
    ),
    (
        lambda result, sector: result.is_fantasma,
        gettext_lazy(
            "El SRI califica al RUC %(ruc)s como contribuyente fantasma. No puede "
            "registrarse como empleador mientras el SRI mantenga esa calificación."
        ),
        "sri_fantasma",
    ),
    (
        lambda result, sector: result.has_transacciones_inexistentes,
        gettext_lazy(
            "El SRI registra al RUC %(ruc)s con transacciones inexistentes. No puede "
            "registrarse como empleador mientras el SRI mantenga esa calificación."
        ),
        "sri_transacciones",
    ),
    (
        lambda result, sector: sector == Sector.PUBLICO and result.is_persona_natural,
        gettext_lazy(
            "Según el SRI, el RUC %(ruc)s es de una persona natural, no de una "
            "entidad pública. Vuelva y escoja el sector «Privado» (o «Artesano "
            "calificado», si tiene calificación artesanal)."
        ),
        "sri_sector",
    ),
    (
        lambda result, sector: sector == Sector.ARTESANO and result.is_sociedad,
        gettext_lazy(
            "Según el SRI, el RUC %(ruc)s es de una sociedad. El artesano calificado "
            "se registra con su RUC de persona natural; para una sociedad, vuelva y "
            "escoja el sector «Privado»."
        ),
        "sri_sector",
    ),
)


def sri_employer_refusal(result: SriResult, *, sector: str) -> ValidationError | None:
    """Why the SRI's answer does not let this RUC register in this sector, or None.

    An answer the SRI did not give (UNAVAILABLE) refuses nothing: the registration
    goes on, marked «RUC no verificado con el SRI».
    """
    if result.is_unavailable:
        return None
    if sector == Sector.DOMESTICO:
        return _domestic_refusal(result)
    for refuses, message, code in _REFUSALS:
        if refuses(result, sector):
            return ValidationError(
                message, code=code, params={"ruc": result.ruc, "estado": result.estado}
            )
    return None


def _domestic_refusal(result: SriResult) -> ValidationError | None:
    """A RUC typed where a domestic employer's cédula goes: say what fits instead."""
    if result.is_sociedad:
        sector = Sector.PUBLICO if result.is_entidad_publica else Sector.PRIVADO
        return ValidationError(
            _(
                "Según el SRI, el RUC %(ruc)s es de una sociedad, y una sociedad no "
                "es empleador doméstico. Vuelva y escoja el sector «%(sector)s»."
            ),
            code="sri_sector",
            params={"ruc": result.ruc, "sector": Sector(sector).label},
        )
    if result.is_persona_natural:
        return ValidationError(
            _(
                "El empleador doméstico se registra con su cédula, sin RUC: escriba "
                "%(cedula)s. Si va a registrar su negocio, vuelva y escoja el sector "
                "«Privado»."
            ),
            code="sri_sector",
            params={"cedula": result.ruc[:10]},
        )
    return None


def sri_representative_refusal(
    result: SriResult, *, rep_identification: str
) -> ValidationError | None:
    """A sociedad or a public entity is represented by whom the SRI lists."""
    if not result.is_found or not (result.is_sociedad or result.is_entidad_publica):
        return None
    if result.has_representative(rep_identification):
        return None
    return ValidationError(
        _(
            "El SRI registra otro representante legal para el RUC %(ruc)s. Escriba "
            "la identificación del representante legal que consta en el SRI; si el "
            "representante cambió, actualícelo primero en el SRI y vuelva a "
            "registrarse."
        ),
        code="sri_representative",
        params={"ruc": result.ruc},
    )


_UNAVAILABLE_REASONS = {
    SriUnavailableReason.TIMEOUT: gettext_lazy("el SRI no respondió a tiempo"),
    SriUnavailableReason.CONNECTION: gettext_lazy("no se pudo conectar con el SRI"),
    SriUnavailableReason.BREAKER_OPEN: gettext_lazy(
        "el SRI falló varias veces seguidas y se dejó de consultar unos minutos"
    ),
    SriUnavailableReason.HTTP_STATUS: gettext_lazy("el SRI respondió con un error"),
    SriUnavailableReason.MALFORMED: gettext_lazy(
        "el SRI respondió algo que no se pudo leer"
    ),
}


def sri_verdict(
    result: SriResult, *, sector: str, rep_identification: str, business_name: str
) -> tuple[SriStatus, str]:
    """The mark a Registration carries for this answer, and its detail for the
    officer (in Spanish)."""
    if result.is_unavailable:
        reason = _UNAVAILABLE_REASONS.get(result.reason, "")
        return SriStatus.NO_VERIFICADO, _(
            "Sin respuesta del SRI (%(reason)s); se volverá a consultar."
        ) % {"reason": reason}
    refusals = [
        refusal
        for refusal in (
            sri_employer_refusal(result, sector=sector),
            sri_representative_refusal(result, rep_identification=rep_identification),
        )
        if refusal is not None
    ]
    notes = [" ".join(refusal.messages) for refusal in refusals]
    if result.is_found and result.razon_social.casefold() != (
        business_name.strip().casefold()
    ):
        notes.append(
            _("Razón social en el SRI: %(name)s.") % {"name": result.razon_social}
        )
    if notes:
        return SriStatus.OBSERVADO, " ".join(notes)
    return SriStatus.VERIFICADO, _("%(estado)s, %(tipo)s.") % {
        "estado": result.estado,
        "tipo": result.tipo.value if result.tipo else "",
    }


def sri_lookup_record(
    *,
    result: SriResult,
    sector: str,
    decision: str,
    target: Registration | None = None,
    actor_label: str = WIZARD_ACTOR,
) -> None:
    """The audit event of one lookup: the SRI's verdict and what we did with it."""
    audit_event_record(
        action=AuditAction.SRI_CONSULTADO,
        target=target,
        actor_label=actor_label,
        data={**result.audit_summary(), "sector": sector, "decision": decision},
    )


def registration_sri_consult(*, ruc: str, sector: str) -> SriResult:
    """The wizard's lookup, when the RUC is typed: what the SRI says, recorded."""
    result = sri_port().taxpayer_by_ruc(ruc)
    refusal = sri_employer_refusal(result, sector=sector)
    if refusal is not None:
        decision = refusal.code
    else:
        decision = "no_verificado" if result.is_unavailable else "aceptado"
    sri_lookup_record(result=result, sector=sector, decision=decision)
    return result


def registration_sri_check(*, registration: Registration) -> SriResult | None:
    """Before a registration is stored: ask the SRI, take its razón social, mark it.

    Called outside any transaction (the lookup may wait for the SRI). A domestic
    employer has no RUC: nothing is asked.
    """
    registration.sri_checked_at = timezone.now()
    if registration.employer_id_type != EmployerIdType.RUC:
        registration.sri_status = SriStatus.NO_APLICA
        return None
    result = sri_port().taxpayer_by_ruc(registration.employer_identification)
    if result.is_found:
        registration.business_name = result.razon_social
    _mark(registration, result)
    return result


def registration_sri_recorded(
    *, registration: Registration, result: SriResult | None
) -> None:
    """Inside the creating transaction: the audit event, and a later recheck when
    the SRI did not answer."""
    if result is None:
        return
    sri_lookup_record(
        result=result,
        sector=registration.sector,
        decision=registration.sri_status,
        target=registration,
    )
    if registration.sri_status == SriStatus.NO_VERIFICADO:
        _recheck_schedule(registration_id=registration.pk, attempt=1)


def registration_sri_recheck(
    *, registration_id: int, attempt: int = 1, schedule_next: bool = True
) -> SriResult | None:
    """Ask the SRI again about a registration marked «RUC no verificado con el SRI»
    and record its answer; None if there is nothing to ask (any more)."""
    registration = Registration.objects.filter(pk=registration_id).first()
    if registration is None or registration.sri_status != SriStatus.NO_VERIFICADO:
        return None
    result = sri_port().taxpayer_by_ruc(registration.employer_identification)
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration_id)
        if registration.sri_status != SriStatus.NO_VERIFICADO:
            return None  # another worker recorded an answer meanwhile
        registration.sri_checked_at = timezone.now()
        _mark(registration, result)
        registration.save(
            update_fields=["sri_status", "sri_detail", "sri_checked_at", "updated"]
        )
        if registration.sri_status != SriStatus.NO_VERIFICADO:
            generated_documents_holder_verified(
                document_ids=[registration.solicitud_id, registration.acuerdo_id]
            )
        sri_lookup_record(
            result=result,
            sector=registration.sector,
            decision=registration.sri_status,
            target=registration,
            actor_label=RECHECK_ACTOR,
        )
        if (
            result.is_unavailable
            and schedule_next
            and attempt < settings.SRI_RECHECK_ATTEMPTS
        ):
            _recheck_schedule(registration_id=registration_id, attempt=attempt + 1)
    return result


def _mark(registration: Registration, result: SriResult) -> None:
    status, detail = sri_verdict(
        result,
        sector=registration.sector,
        rep_identification=registration.rep_identification,
        business_name=registration.business_name,
    )
    max_length = Registration._meta.get_field("sri_detail").max_length
    registration.sri_status, registration.sri_detail = status, detail[:max_length]


def _recheck_schedule(*, registration_id: int, attempt: int) -> None:
    """A worker asks again after SRI_RECHECK_SECONDS × attempt. A backend that
    cannot defer (the immediate one of the demo and the tests) would ask again at
    once, as the SRI is still failing: nothing is enqueued, and `manage.py
    verificar_sri` asks for every registration still marked."""
    from ..tasks import registration_sri_recheck_task

    task = registration_sri_recheck_task
    if not task.get_backend().supports_defer:
        return
    run_after = timezone.now() + datetime.timedelta(
        seconds=settings.SRI_RECHECK_SECONDS * attempt
    )
    task_enqueue_with_transaction(
        task.using(run_after=run_after),
        registration_id=registration_id,
        attempt=attempt,
    )
