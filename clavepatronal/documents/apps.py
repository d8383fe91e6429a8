from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "clavepatronal.documents"
    label = "documents"
    verbose_name = _("Documentos generados")

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the trust-store check
