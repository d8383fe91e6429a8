from django.db import models
from django.utils.translation import gettext_lazy as _

from clavepatronal.core.models import FlowDraft


class RegistrationDraft(FlowDraft):
    """A registration in progress: one per flow (a browser tab), named in its URLs.

    The key is unguessable and works only in the sessions it is bound to (the one
    that started it, or one that followed the e-mailed resume link); the answers
    are what the person typed, page by page, and expire with the draft.

    The e-mailed resume link works once, until `resume_until`: it carries a secret
    whose hash is kept here, and following it gives the draft a new key, so the
    sessions that held the old one lose it (services.drafts).
    """

    resume_secret_hash = models.CharField(
        _("huella del enlace para continuar"), max_length=64, blank=True
    )
    resume_until = models.DateTimeField(
        _("enlace para continuar vigente hasta"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("borrador de registro")
        verbose_name_plural = _("borradores de registro")
