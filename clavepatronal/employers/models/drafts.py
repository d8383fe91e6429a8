from django.utils.translation import gettext_lazy as _

from clavepatronal.core.models import FlowDraft


class RegistrationDraft(FlowDraft):
    """A registration in progress: one per flow (a browser tab), named in its URLs.

    The key is unguessable and works only in the sessions it is bound to (the one
    that started it, or one that followed the e-mailed resume link); the answers
    are what the person typed, page by page, and expire with the draft.
    """

    class Meta:
        verbose_name = _("borrador de registro")
        verbose_name_plural = _("borradores de registro")
