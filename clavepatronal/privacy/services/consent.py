"""Optional consent (LOPDP Arts. 7-8): given with the exact text shown, withdrawn
as easily. No live purpose uses it yet; SMS reminders would be the first."""

import hashlib

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.core.exceptions import ApplicationError

from ..models import Consent, ConsentPurpose

# The text a person accepts, by purpose: (version, text). A new wording is a new
# version; consents given to an older one keep the text they were given with.
CONSENT_TEXTS = {
    ConsentPurpose.RECORDATORIOS_SMS: (
        "2026-12-v1",
        gettext_lazy(
            "Acepto que el IESS me envíe por SMS, al celular que registré, "
            "recordatorios de mis turnos. Es opcional: sin esto el servicio es el "
            "mismo, y puedo retirar mi consentimiento cuando quiera desde esta misma "
            "página."
        ),
    ),
}


def consent_text(*, purpose: str) -> tuple[str, str]:
    version, text = CONSENT_TEXTS[ConsentPurpose(purpose)]
    return version, str(text)


def consent_live(*, identification: str, purpose: str) -> Consent | None:
    """The consent in force, if any."""
    return Consent.objects.filter(
        identification=identification, purpose=purpose, withdrawn_at__isnull=True
    ).first()


@transaction.atomic
def consent_give(*, identification: str, purpose: str, user=None) -> Consent:
    """Record the consent with the text's version, its SHA-256 and the text."""
    version, text = consent_text(purpose=purpose)
    consent = Consent(
        identification=identification,
        user=user if getattr(user, "is_authenticated", False) else None,
        purpose=purpose,
        text_version=version,
        text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        text=text,
        given_at=timezone.now(),
    )
    consent.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            consent.save()
    except IntegrityError as error:
        raise ApplicationError(_("Su consentimiento ya está registrado.")) from error
    audit_event_record(
        action=AuditAction.CONSENTIMIENTO_OTORGADO,
        target=consent,
        actor=user,
        data={"purpose": purpose, "version": version},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, identification: str, purpose: str, user=None) -> Consent:
    """One step, like giving it: the consent stops at once, its proof stays."""
    consent = (
        Consent.objects.select_for_update()
        .filter(
            identification=identification,
            purpose=purpose,
            withdrawn_at__isnull=True,
        )
        .first()
    )
    if consent is None:
        raise ApplicationError(_("No tiene un consentimiento vigente para retirar."))
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at", "updated"])
    audit_event_record(
        action=AuditAction.CONSENTIMIENTO_RETIRADO,
        target=consent,
        actor=user,
        data={"purpose": purpose},
    )
    return consent
