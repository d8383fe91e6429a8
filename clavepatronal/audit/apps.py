from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "clavepatronal.audit"
    label = "audit"
    verbose_name = _("Auditoría")

    def ready(self) -> None:
        from .services import app_role_grant_after_migrate

        # Migrations run as the owner; the app's role gets its privileges after each.
        post_migrate.connect(app_role_grant_after_migrate, sender=self, weak=False)
