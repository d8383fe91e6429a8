from django.db import models
from django.db.models import QuerySet

from .models import AuditEvent


def audit_event_list(*, target: models.Model) -> QuerySet[AuditEvent]:
    """The history of one object, newest first."""
    return AuditEvent.objects.filter(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    )
