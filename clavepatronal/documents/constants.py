from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    SOLICITUD_CLAVE = "SOLICITUD_CLAVE", _("Solicitud de entrega de clave patronal")
    ACUERDO_RESPONSABILIDAD = (
        "ACUERDO_RESPONSABILIDAD",
        _("Acuerdo de Responsabilidad y Uso de la Información"),
    )
    ACTA_ENTREGA_CLAVE = "ACTA_ENTREGA_CLAVE", _("Acta de entrega de clave patronal")


# Crockford's base32: no I, L, O or U, so a code read aloud or typed is unambiguous.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16  # 80 random bits
SIGNATURE_FIELD_NAME = "FirmaRepresentanteLegal"
