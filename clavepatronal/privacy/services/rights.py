"""Rights requests (LOPDP Arts. 13-17, 19): filed by a person whose identity was
proved (an e-mailed code or the employer portal's session), answered by the
data-protection officer within the working-day deadline, by e-mail."""

import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.appointments.selectors import employer_mailbox_proven
from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.core.addresses import public_url
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.employers.selectors import registration_active_get
from clavepatronal.notifications.constants import VerificationPurpose
from clavepatronal.notifications.models import EmailVerification
from clavepatronal.notifications.services import (
    email_send,
    email_verification_start,
)

from ..models import IdentityProof, RequestStatus, Right, RightsRequest
from ..retention import RetentionAction, retention_rules
from ..working_days import working_days_add

NUMBER_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
VERIFICATION_MAIL_SUBJECT = "Verificar su solicitud de derechos - IESS"


def rights_verification_start(*, identification: str, email: str) -> EmailVerification:
    """Mail the 6-digit code that proves the person reads `email`."""
    return email_verification_start(
        purpose=VerificationPurpose.DERECHOS,
        subject=identification,
        email=email,
        mail_subject=VERIFICATION_MAIL_SUBJECT,
        template_name="verification_code",
        context={"purpose_label": VerificationPurpose.DERECHOS.label},
    )


def _number_new() -> str:
    year = timezone.localdate().year
    tail = "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(8))
    return f"DP-{year}-{tail}"


def _speaks_for_employer(*, employer_identification: str, email: str, proof: str):
    """The employer's portal session, or a code read from the mailbox of the
    employer's active registration (the rule its turns' proof follows:
    employer_mailbox_proven; the typed identification proves nothing)."""
    if not employer_identification:
        return False
    if proof == IdentityProof.PORTAL:
        return True
    registration = registration_active_get(identification=employer_identification)
    return registration is not None and employer_mailbox_proven(
        registration=registration, email=email, proof_id=None, now=timezone.now()
    )


@transaction.atomic
def rights_request_file(
    *,
    right: str,
    id_type: str,
    identification: str,
    names: str,
    email: str,
    description: str,
    proof: str,
    employer_identification: str = "",
    actor=None,
) -> RightsRequest:
    """Record the request with its deadline and acknowledge it by e-mail."""
    now = timezone.now()
    request = RightsRequest(
        number=_number_new(),
        right=right,
        id_type=id_type,
        identification=identification,
        names=names,
        email=email.strip().lower(),
        employer_identification=employer_identification,
        description=description,
        speaks_for_employer=_speaks_for_employer(
            employer_identification=employer_identification, email=email, proof=proof
        ),
        proof=IdentityProof(proof),
        received_at=now,
        due_on=working_days_add(
            start=timezone.localdate(now),
            days=settings.PRIVACY_RIGHTS_DEADLINE_WORKING_DAYS,
        ),
    )
    request.full_clean()
    request.save()
    audit_event_record(
        action=AuditAction.DERECHOS_RECIBIDA,
        target=request,
        actor=actor,
        actor_label=names,
        data={
            "right": request.right,
            "proof": request.proof,
            "speaks_for_employer": request.speaks_for_employer,
        },
    )
    email_send(
        to=request.email,
        subject=_("Recibimos su solicitud %(number)s") % {"number": request.number},
        template_name="derechos_acuse",
        context={
            "request": request,
            "right_label": Right(request.right).label,
            "days": settings.PRIVACY_RIGHTS_DEADLINE_WORKING_DAYS,
            "notice_url": public_url("privacy:rights"),
        },
        key=f"derechos-acuse-{request.number}",
    )
    return request


def _locked(request: RightsRequest, allowed: tuple[str, ...]) -> RightsRequest:
    """The row, locked, or a refusal when another officer moved it meanwhile."""
    fresh = RightsRequest.objects.select_for_update().get(pk=request.pk)
    if fresh.status not in allowed:
        raise ApplicationError(
            _("La solicitud ya está «%(status)s»; actualice la página.")
            % {"status": fresh.get_status_display()}
        )
    return fresh


@transaction.atomic
def rights_request_take(*, request: RightsRequest, officer) -> RightsRequest:
    """recibida → en trámite, in the officer's name."""
    request = _locked(request, (RequestStatus.RECIBIDA,))
    request.status = RequestStatus.EN_TRAMITE
    request.assigned_to = officer
    request.full_clean()
    request.save(update_fields=["status", "assigned_to", "updated"])
    audit_event_record(
        action=AuditAction.DERECHOS_EN_TRAMITE, target=request, actor=officer
    )
    return request


@transaction.atomic
def rights_request_close(
    *, request: RightsRequest, officer, answer: str, rejected: bool = False
) -> RightsRequest:
    """en trámite → respondida (or rechazada, `answer` being the reason); the
    answer is e-mailed to the person. A granted deletion also deletes what no
    legal obligation keeps (rights_deletion_apply)."""
    request = _locked(request, (RequestStatus.EN_TRAMITE,))
    answer = answer.strip()
    if not answer:
        raise ApplicationError(_("Escriba la respuesta para la persona."))
    now = timezone.now()
    request.status = RequestStatus.RECHAZADA if rejected else RequestStatus.RESPONDIDA
    request.answer = answer
    request.answered_at = now
    request.full_clean()
    request.save(update_fields=["status", "answer", "answered_at", "updated"])
    audit_event_record(
        action=(
            AuditAction.DERECHOS_RECHAZADA
            if rejected
            else AuditAction.DERECHOS_RESPONDIDA
        ),
        target=request,
        actor=officer,
        data={"on_time": timezone.localdate(now) <= request.due_on},
    )
    if request.right == Right.ELIMINACION and not rejected:
        rights_deletion_apply(request=request, officer=officer)
    email_send(
        to=request.email,
        subject=_("Respuesta a su solicitud %(number)s") % {"number": request.number},
        template_name="derechos_respuesta",
        context={"request": request, "right_label": Right(request.right).label},
        key=f"derechos-respuesta-{request.number}",
    )
    return request


def rights_deletion_apply(*, request: RightsRequest, officer) -> int:
    """Delete what no legal obligation keeps about the person: the e-mail
    verification codes bound to their identification (used, expired or pending).
    Everything else is kept for the periods rights_deletion_statement names, and
    the retention job deletes it when its period ends."""
    deleted, _by_model = EmailVerification.objects.filter(
        subject=request.identification
    ).delete()
    audit_event_record(
        action=AuditAction.DERECHOS_DATOS_ELIMINADOS,
        target=request,
        actor=officer,
        data={"verification_codes": deleted},
    )
    return deleted


def _rule_sentence(rule) -> str:
    action = rule.action.label.lower()
    if not rule.amount:
        return f"{action} {rule.clock}"
    if rule.action == RetentionAction.KEEP:
        return f"{action} {rule.period_display} {rule.clock}"
    return _("%(action)s al cumplirse %(period)s %(clock)s") % {
        "action": action,
        "period": rule.period_display,
        "clock": rule.clock,
    }


def rights_deletion_statement() -> str:
    """What a deletion removes now, and what the law keeps and until when: each
    row of the retention table (privacy.retention), never retyped here."""
    lines = [
        _(
            "Eliminamos los datos que ninguna obligación legal nos exige conservar: "
            "los códigos de verificación enviados a su correo. Lo demás se conserva "
            "solo el plazo que fija la tabla de conservación y después se elimina o "
            "anonimiza sin que tenga que pedirlo de nuevo:"
        )
    ]
    lines += [f"- {rule.data}: {_rule_sentence(rule)}." for rule in retention_rules()]
    lines.append(
        _("Detalle y base legal de cada plazo: %(url)s")
        % {"url": public_url("privacy:notice")}
    )
    return "\n".join(lines)


def rights_answer_suggestion(*, request: RightsRequest) -> str:
    """A starting text for the officer's answer, by right."""
    if request.right == Right.ELIMINACION:
        return rights_deletion_statement()
    if request.right == Right.RECTIFICACION:
        return _(
            "Los datos del registro del empleador se corrigen por el propio "
            "trámite del registro, que verifica cada dato: ingrese al portal del "
            "empleador o presente una nueva «Solicitud de entrega de clave "
            "patronal» con los datos correctos. Mientras tanto, el dato queda "
            "marcado «en disputa» para los servidores del IESS."
        )
    if request.right in (Right.ACCESO, Right.PORTABILIDAD):
        return _(
            "Puede descargar todos los datos que conservamos, en JSON (formato "
            "estructurado y legible por máquina) y en PDF, desde «Mis datos» en el "
            "portal del empleador."
        )
    return ""


def rights_request_view_record(*, request: RightsRequest, officer) -> None:
    """An officer opened the request (it holds personal data): on the trail."""
    audit_event_record(action=AuditAction.DERECHOS_VISTA, target=request, actor=officer)
