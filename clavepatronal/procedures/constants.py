from django.db import models
from django.utils.translation import gettext_lazy as _

TRACKING_PREFIX = "VV"  # Ventanilla virtual
MESSAGE_MAX_LENGTH = 1000
# Requirements whose file must carry the legal representative's electronic signature,
# and the Registration field holding the generated document each one must be.
SIGNED_REQUIREMENTS = {
    "solicitud": "solicitud",
    "acuerdo": "acuerdo",
}
RUC_REQUIREMENT = "ruc"  # never asked of a domestic employer registered by cédula
GENERIC_ATTACHMENT = "respaldo"  # procedures without a published requirement list
# Working days an officer needs, as told to the applicant.
REVIEW_WORKING_DAYS = 3


class TramiteStatus(models.TextChoices):
    RECIBIDO = "RECIBIDO", _("Recibido")
    EN_REVISION = "EN_REVISION", _("En revisión")
    OBSERVADO = "OBSERVADO", _("Observado: debe corregir")
    CORREGIDO = "CORREGIDO", _("Corregido, por revisar")
    APROBADO = "APROBADO", _("Aprobado")
    CLAVE_EMITIDA = "CLAVE_EMITIDA", _("Clave emitida")
    RECHAZADO = "RECHAZADO", _("Rechazado")


# DESIGN.md: RECIBIDO → EN_REVISION → (OBSERVADO ⇄ CORREGIDO) → APROBADO →
# CLAVE_EMITIDA, or RECHAZADO. A corrected trámite goes back to review.
TRAMITE_TRANSITIONS = {
    TramiteStatus.RECIBIDO: {TramiteStatus.EN_REVISION, TramiteStatus.RECHAZADO},
    TramiteStatus.EN_REVISION: {
        TramiteStatus.OBSERVADO,
        TramiteStatus.APROBADO,
        TramiteStatus.RECHAZADO,
    },
    TramiteStatus.OBSERVADO: {TramiteStatus.CORREGIDO, TramiteStatus.RECHAZADO},
    TramiteStatus.CORREGIDO: {TramiteStatus.EN_REVISION, TramiteStatus.RECHAZADO},
    TramiteStatus.APROBADO: {TramiteStatus.CLAVE_EMITIDA},
    TramiteStatus.CLAVE_EMITIDA: set(),
    TramiteStatus.RECHAZADO: set(),
}


class ForeignDocument(models.TextChoices):
    """The seed's three alternatives to the cédula for a foreigner."""

    CODIGO_IESS = "CODIGO_IESS", _("Código de identificación IESS para extranjeros")
    VISA = "VISA", _("Visa vigente")
    PASAPORTE = "PASAPORTE", _("Pasaporte vigente")


# Ventanilla steps, per client address and per employer typed (core.ratelimits).
STEP_RATE_PER_IP = "30/h"
STEP_RATE_PER_EMPLOYER = "10/h"

# A ventanilla draft (one per tab) and the files it keeps expire after this long
# without a change; a session remembers only its newest drafts.
DRAFT_LIFETIME_HOURS = 24
DRAFTS_SESSION_KEY = "ventanilla_borradores"
DRAFTS_PER_SESSION = 10
