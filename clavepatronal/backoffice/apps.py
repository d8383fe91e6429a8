from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    default = True
    name = "clavepatronal.backoffice"
    verbose_name = _("Back office")

    def ready(self) -> None:
        from .services.staff import staff_roles_sync

        # Roles are groups with permissions; they exist wherever the schema does,
        # including after a test flush.
        post_migrate.connect(
            lambda **kwargs: staff_roles_sync(), sender=self, weak=False
        )


class StaffAdminConfig(admin_apps.AdminConfig):
    default = False
    """The admin asks for the same two factors as the back office."""

    default_site = "clavepatronal.backoffice.admin_site.StaffAdminSite"
