from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    PRIVADO = "PRIVADO", _("Privado")
    PUBLICO = "PUBLICO", _("Público")
    DOMESTICO = "DOMESTICO", _("Doméstico (empleador de trabajador/a del hogar)")
    ARTESANO = "ARTESANO", _("Artesano calificado")


SECTOR_HINTS = {
    Sector.PRIVADO: _("Empresas y personas naturales con RUC que tienen trabajadores."),
    Sector.PUBLICO: _("Instituciones del Estado, con RUC de entidad pública."),
    Sector.DOMESTICO: _(
        "Personas que contratan a un trabajador o trabajadora del hogar; se registran "
        "con su cédula, no necesitan RUC."
    ),
    Sector.ARTESANO: _(
        "Artesanos con calificación artesanal vigente y RUC de persona natural."
    ),
}


class EmployerIdType(models.TextChoices):
    RUC = "RUC", _("RUC")
    CEDULA = "CEDULA", _("Cédula")


class RegistrationStatus(models.TextChoices):
    ACTIVO = "ACTIVO", _("Activo")
    ANULADO = "ANULADO", _("Anulado")


class SriStatus(models.TextChoices):
    """What the SRI said about the employer's RUC when it was last asked."""

    VERIFICADO = "VERIFICADO", _("RUC verificado con el SRI")
    # The SRI did not answer: a task asks again later (docs/registro.md).
    NO_VERIFICADO = "NO_VERIFICADO", _("RUC no verificado con el SRI")
    # The SRI answered, but not what the registration declares.
    OBSERVADO = "OBSERVADO", _("El SRI no confirma lo declarado")
    # A domestic employer registers with a cédula: there is no RUC to ask about.
    NO_APLICA = "NO_APLICA", _("Sin RUC (no se consulta al SRI)")


# The main activity of a domestic employer is always the same; it is not asked.
DOMESTIC_ACTIVITY = _("Empleador de trabajador/a del hogar")


class ActivationStatus(models.TextChoices):
    PENDIENTE = "PENDIENTE", _("Pendiente")
    USADA = "USADA", _("Usada")
    VENCIDA = "VENCIDA", _("Vencida")
    REVOCADA = "REVOCADA", _("Revocada")


class ActivationPurpose(models.TextChoices):
    EMISION = "EMISION", _("Emisión de clave")
    RECUPERACION = "RECUPERACION", _("Recuperación de clave")
    # «Recuperar con firma electrónica»: the link goes to the new e-mail the signed
    # Solicitud de restablecimiento names, which becomes the contact e-mail when the
    # clave is set.
    RECUPERACION_FIRMA = "RECUP_FIRMA", _("Restablecimiento con firma electrónica")


class ClaveResetStatus(models.TextChoices):
    """A Solicitud de restablecimiento de clave patronal, from its PDF to its end."""

    PENDIENTE = "PENDIENTE", _("Esperando la solicitud firmada")
    ENLACE_ENVIADO = "ENLACE_ENVIADO", _("Enlace enviado al correo nuevo")
    EN_REVISION = "EN_REVISION", _("En revisión de un servidor del IESS")


class ClaveResetReason(models.TextChoices):
    """Why a signed reset went to an officer instead of issuing the link."""

    FIRMA = "FIRMA", _("La firma electrónica no pasó la verificación")
    SIN_REGISTRO = (
        "SIN_REGISTRO",
        _("No hay un registro activo de empleador con ese RUC o cédula"),
    )
    SRI = "SRI", _("El SRI no confirmó al representante legal del registro")
    VENCIDA = "VENCIDA", _("La solicitud venció antes de cargarse firmada")
    CUENTA = "CUENTA", _("La cuenta del empleador no admite el cambio en línea")


class RecipientRole(models.TextChoices):
    """Who may receive the key, as the procedure names them."""

    REPRESENTANTE_LEGAL = "REPRESENTANTE_LEGAL", _("Representante legal")
    TERCERO_AUTORIZADO = "TERCERO_AUTORIZADO", _("Tercero autorizado")
    APODERADO = "APODERADO", _("Apoderado")


class PowerStatus(models.TextChoices):
    """A notarized power of attorney recorded at the desk, until the provincial
    delegado jurídico validates and stamps it (or refuses it)."""

    PENDIENTE = "PENDIENTE", _("Pendiente de validación")
    SELLADO = "SELLADO", _("Validado y sellado")
    RECHAZADO = "RECHAZADO", _("Rechazado")


# Stamp codes: Crockford base32 like every printed code, 10 characters (50 bits).
STAMP_CODE_LENGTH = 10


# One-time activation codes printed on the Acta: Crockford's base32 (documents.codes),
# 12 characters carry 60 random bits; read in groups of four.
ACTIVATION_CODE_LENGTH = 12


# Whether an employer is registered is asked on the employer page and answered on
# «Este empleador ya está registrado»: both count against these budgets, per client
# address and per identification (docs/registro.md, Duplicados).
REGISTRY_LOOKUP_RATE_PER_IP = "20/h"
REGISTRY_LOOKUP_RATE_PER_IDENTIFICATION = "10/h"

# A registration in progress (RegistrationDraft) lives this long after its last
# change; the e-mailed resume link dies with it.
DRAFT_LIFETIME_HOURS = 72
# The e-mailed «continuar» link: it works once, for this many hours.
DRAFT_RESUME_LINK_HOURS = 24
# The drafts a browser session may open (newest last).
DRAFTS_SESSION_KEY = "registros_borradores"
DRAFTS_PER_SESSION = 20
