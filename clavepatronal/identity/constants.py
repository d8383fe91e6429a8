from django.db import models
from django.utils.translation import gettext_lazy as _

# Province codes the Registro Civil uses in the first two digits of a cédula: the 24
# provinces and 30 for Ecuadorians registered abroad.
PROVINCE_CODES = frozenset({f"{n:02d}" for n in range(1, 25)} | {"30"})


class RucKind(models.TextChoices):
    PERSONA_NATURAL = "PERSONA_NATURAL", _("Persona natural")
    SOCIEDAD_PRIVADA = "SOCIEDAD_PRIVADA", _("Sociedad privada")
    ENTIDAD_PUBLICA = "ENTIDAD_PUBLICA", _("Entidad pública")


class IdentificationType(models.TextChoices):
    CEDULA = "CEDULA", _("Cédula de identidad")
    PASAPORTE = "PASAPORTE", _("Pasaporte")
    VISA = "VISA", _("Visa")
    CODIGO_IESS = "CODIGO_IESS", _("Código de identificación IESS para extranjeros")
