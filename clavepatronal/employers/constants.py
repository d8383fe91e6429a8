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


# The main activity of a domestic employer is always the same; it is not asked.
DOMESTIC_ACTIVITY = _("Empleador de trabajador/a del hogar")
