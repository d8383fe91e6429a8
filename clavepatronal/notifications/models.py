from django.db import models
from django.utils.translation import gettext_lazy as _

from clavepatronal.core.models import BaseModel

from .constants import VerificationPurpose


class EmailVerification(BaseModel):
    """One 6-digit code mailed to prove an e-mail address is active and the person's.

    Only an HMAC of the code is stored; the row dies when used, expired, superseded
    by a newer code or after too many wrong guesses.
    """

    purpose = models.CharField(
        _("propósito"), max_length=24, choices=VerificationPurpose.choices
    )
    # The identification the code is bound to (cédula, RUC, passport...).
    subject = models.CharField(_("identificación"), max_length=25, db_index=True)
    email = models.EmailField(_("correo electrónico"), db_index=True)
    salt = models.CharField(_("sal"), max_length=32)
    code_hash = models.CharField(_("resumen del código"), max_length=64)
    expires_at = models.DateTimeField(_("vence"))
    attempts = models.PositiveSmallIntegerField(_("intentos fallidos"), default=0)
    used_at = models.DateTimeField(_("usado"), null=True, blank=True)
    superseded = models.BooleanField(_("reemplazado por otro código"), default=False)

    class Meta:
        verbose_name = _("verificación de correo")
        verbose_name_plural = _("verificaciones de correo")

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} · {self.email}"
