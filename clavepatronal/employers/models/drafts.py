from django.db import models
from django.utils.translation import gettext_lazy as _

from clavepatronal.core.models import BaseModel


class RegistrationDraft(BaseModel):
    """A registration in progress: one per flow (a browser tab), named in its URLs.

    The key is unguessable and works only in the sessions it is bound to (the one
    that started it, or one that followed the e-mailed resume link); the answers
    are what the person typed, page by page, and expire with the draft.
    """

    key = models.CharField(_("identificador"), max_length=64, unique=True)
    state = models.JSONField(_("respuestas"), default=dict, blank=True)
    expires_at = models.DateTimeField(_("vence"), db_index=True)

    class Meta:
        verbose_name = _("borrador de registro")
        verbose_name_plural = _("borradores de registro")

    def __str__(self) -> str:
        return self.key[:8]
