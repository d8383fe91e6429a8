from django.db import models
from django.utils.translation import gettext_lazy as _


class VerificationPurpose(models.TextChoices):
    REGISTRO_EMPLEADOR = "REGISTRO_EMPLEADOR", _("Registro nuevo empleador")
    DESCARGA_REGISTRO = "DESCARGA_REGISTRO", _("Descarga de formularios del registro")
    TURNO = "TURNO", _("Turno en línea")
    # The employer's own mailbox (the registration's e-mail) proves that whoever
    # books a clave turn in its name may do so.
    EMPLEADOR_TURNO = "EMPLEADOR_TURNO", _("Turno a nombre del empleador")
    CAMBIO_CORREO = "CAMBIO_CORREO", _("Cambio de correo del portal del empleador")
    # «Ejercer mis derechos» (clavepatronal.privacy): the person's own address.
    DERECHOS = "DERECHOS", _("Solicitud de derechos sobre datos personales")


CODE_DIGITS = 6


class OutboxStatus(models.TextChoices):
    PENDIENTE = "PENDIENTE", _("Pendiente")
    ENVIANDO = "ENVIANDO", _("Enviando")
    ENVIADO = "ENVIADO", _("Enviado")
