from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    SOLICITUD_CLAVE = "SOLICITUD_CLAVE", _("Solicitud de entrega de clave patronal")
    ACUERDO_RESPONSABILIDAD = (
        "ACUERDO_RESPONSABILIDAD",
        _("Acuerdo de Responsabilidad y Uso de la Información"),
    )
    ACTA_ENTREGA_CLAVE = "ACTA_ENTREGA_CLAVE", _("Acta de entrega de clave patronal")
    SOLICITUD_RESTABLECIMIENTO = (
        "SOLICITUD_RESTABLECIMIENTO",
        _("Solicitud de restablecimiento de clave patronal"),
    )


# Crockford's base32: no I, L, O or U, so a code read aloud or typed is unambiguous.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16  # 80 random bits
SIGNATURE_FIELD_NAME = "FirmaRepresentanteLegal"


class UploadKind(models.TextChoices):
    PDF = "PDF", _("PDF")
    JPG = "JPG", _("JPG")


class RevocationCheck(models.TextChoices):
    """What the revocation check of a signing certificate found (SignatureReport)."""

    VERIFIED = "verificada", _("Revocación verificada: el certificado no está revocado")
    UNVERIFIED = (
        "no_verificada",
        _(
            "Revocación no verificada: el servicio OCSP o CRL de la entidad no "
            "respondió"
        ),
    )
    NO_INFORMATION = (
        "sin_informacion",
        _("El certificado no publica información de revocación (OCSP ni CRL)"),
    )
