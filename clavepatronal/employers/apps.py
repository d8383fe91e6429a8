from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployersConfig(AppConfig):
    name = "clavepatronal.employers"
    label = "employers"
    verbose_name = _("Empleadores")

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the SRI address check
