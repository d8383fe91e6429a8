from django.db import models
from django.utils.translation import gettext_lazy as _

CLAVE_PATRONAL_CODE = "clave-patronal"
# «Recuperar con firma electrónica» that did not pass every rule: filed by the portal,
# never chosen in the ventanilla (the type is inactive there), reviewed like any other.
CLAVE_RESET_CODE = "restablecimiento-clave-firma"
CLAVE_RESET_REQUIREMENT = "solicitud-restablecimiento"


class Channel(models.TextChoices):
    VIRTUAL = "VIRTUAL", _("Ventanilla virtual")
    PRESENCIAL = "PRESENCIAL", _("Presencial")


class AppliesTo(models.TextChoices):
    """Which applicants a requirement is asked of."""

    TODOS = "TODOS", _("Todos")
    CON_CEDULA = "CON_CEDULA", _("si el representante legal tiene cédula")
    SIN_CEDULA = "SIN_CEDULA", _("solo extranjeros sin cédula de identidad")
    ARTESANO = "ARTESANO", _("solo artesanos calificados")
