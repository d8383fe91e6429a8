from django.db import models
from django.utils.translation import gettext_lazy as _

CLAVE_PATRONAL_CODE = "clave-patronal"


class Channel(models.TextChoices):
    VIRTUAL = "VIRTUAL", _("Ventanilla virtual")
    PRESENCIAL = "PRESENCIAL", _("Presencial")


class AppliesTo(models.TextChoices):
    """Which applicants a requirement is asked of."""

    TODOS = "TODOS", _("Todos")
    CON_CEDULA = "CON_CEDULA", _("si el representante legal tiene cédula")
    SIN_CEDULA = "SIN_CEDULA", _("solo extranjeros sin cédula de identidad")
    ARTESANO = "ARTESANO", _("solo artesanos calificados")
