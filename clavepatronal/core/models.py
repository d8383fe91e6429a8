from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Every domain row records when it was created and last changed."""

    created = models.DateTimeField(_("creado"), auto_now_add=True, db_index=True)
    updated = models.DateTimeField(_("actualizado"), auto_now=True)

    class Meta:
        abstract = True


class FlowDraft(BaseModel):
    """Answers of one flow in progress (a browser tab), named in its URLs by an
    unguessable key that only the sessions it is bound to may open; they expire."""

    key = models.CharField(_("identificador"), max_length=64, unique=True)
    state = models.JSONField(_("respuestas"), default=dict, blank=True)
    expires_at = models.DateTimeField(_("vence"), db_index=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.key[:8]


class User(AbstractUser):
    """Our own user model, so accounts can grow without a painful swap later."""

    class Meta(AbstractUser.Meta):
        verbose_name = _("usuario")
        verbose_name_plural = _("usuarios")
