from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clavepatronal.core.exceptions import ApplicationError


class AppendOnlyError(ApplicationError):
    """An audit event is never changed or deleted."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(_("Los eventos de auditoría no se modifican."))

    def delete(self):
        raise AppendOnlyError(_("Los eventos de auditoría no se eliminan."))


class AuditEvent(models.Model):
    """Append-only record of a state change, a document view, a key issuance or a
    staff login: who (and in what role), what, on what, when, from where.

    Nothing edits or deletes a row: not the ORM (this model and its queryset
    refuse), not the admin (read-only), and not SQL (a trigger, migration 0003).
    """

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
    # The actor's roles when acting: "Servidor de atención", "Empleador"...
    actor_role = models.CharField(_("rol"), max_length=120, blank=True)
    ip = models.GenericIPAddressField(_("dirección IP"), null=True, blank=True)
    target_type = models.CharField(_("tipo de objeto"), max_length=80, blank=True)
    target_id = models.CharField(_("objeto"), max_length=64, blank=True, db_index=True)
    data = models.JSONField(_("datos"), default=dict, blank=True)
    # The request (or the task it enqueued) that wrote the event: the same id its log
    # lines carry. The database's default covers rows written by older code.
    request_id = models.CharField(
        _("código de la solicitud"),
        max_length=128,
        blank=True,
        default="",
        db_default="",
        db_index=True,
    )

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("evento de auditoría")
        verbose_name_plural = _("eventos de auditoría")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.action} {self.target_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(_("Los eventos de auditoría no se modifican."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("Los eventos de auditoría no se eliminan."))
