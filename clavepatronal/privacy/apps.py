from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Personal data under the LOPDP: the notice, retention and its purge, «Mis
    datos», who looked, rights requests, breaches and optional consent."""

    name = "clavepatronal.privacy"
    label = "privacy"
    verbose_name = _("Datos personales")
