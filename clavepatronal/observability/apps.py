from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObservabilityConfig(AppConfig):
    """Metrics, the request id and masked logs: what operations read of the
    service."""

    name = "clavepatronal.observability"
    label = "observability"
    verbose_name = _("Observabilidad")
