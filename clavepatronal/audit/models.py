from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """Append-only record of a state change or a document view: who, what, when."""

    created = models.DateTimeField(_("fecha y hora"), auto_now_add=True, db_index=True)
    action = models.CharField(_("acción"), max_length=80, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("usuario"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Who acted when there is no account: "ciudadano 17…", "sistema".
    actor_label = models.CharField(_("actor"), max_length=120, blank=True)
    target_type = models.CharField(_("tipo de objeto"), max_length=80, blank=True)
    target_id = models.CharField(_("objeto"), max_length=64, blank=True, db_index=True)
    data = models.JSONField(_("datos"), default=dict, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("evento de auditoría")
        verbose_name_plural = _("eventos de auditoría")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.action} {self.target_id}"
