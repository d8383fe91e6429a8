from django.db import models
from django.utils.translation import gettext_lazy as _

from clavepatronal.core.models import BaseModel

from .constants import OutboxStatus, VerificationPurpose


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
    # The mailbox the address reaches (mailboxes.mailbox_key): what the code limits
    # count, so `+alias` and dotted spellings of one mailbox share one allowance.
    mailbox = models.CharField(_("buzón"), max_length=254, blank=True, db_index=True)
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


class OutboxEmail(BaseModel):
    """One e-mail to send, written in the transaction that decided to send it.

    The delivery task claims the row with a conditional UPDATE before sending and
    marks it sent after, so a task that runs twice (a retry, two workers, a recovered
    task) sends the message once.
    """

    key = models.CharField(
        _("clave de idempotencia"), max_length=100, null=True, blank=True, unique=True
    )
    to = models.EmailField(_("para"))
    subject = models.CharField(_("asunto"), max_length=255)
    body = models.TextField(_("cuerpo"))
    # [{"filename", "mimetype", "content" (base64)}]
    attachments = models.JSONField(_("adjuntos"), default=list, blank=True)
    status = models.CharField(
        _("estado"),
        max_length=10,
        choices=OutboxStatus.choices,
        default=OutboxStatus.PENDIENTE,
    )
    attempts = models.PositiveSmallIntegerField(_("intentos"), default=0)
    claimed_at = models.DateTimeField(_("tomado"), null=True, blank=True)
    sent_at = models.DateTimeField(_("enviado"), null=True, blank=True)
    last_error = models.TextField(_("último error"), blank=True)

    class Meta:
        verbose_name = _("correo por enviar")
        verbose_name_plural = _("correos por enviar")
        indexes = [models.Index(fields=["status", "claimed_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.to} · {self.subject}"
