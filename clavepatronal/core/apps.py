from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "clavepatronal.core"
    label = "core"
    verbose_name = _("Núcleo")

    def ready(self) -> None:
        # Imported here, after django-tasks' own receivers (its log lines): a task's
        # last line, "finished", still carries the id of the request behind it.
        from django_tasks.signals import task_finished, task_started

        from .request_id import task_request_id_bind, task_request_id_unbind

        task_started.connect(task_request_id_bind, dispatch_uid="core.request_id")
        task_finished.connect(task_request_id_unbind, dispatch_uid="core.request_id")
