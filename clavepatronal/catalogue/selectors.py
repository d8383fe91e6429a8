from django.db.models import QuerySet

from .models import ProcedureType, Requirement


def requirement_list(
    *, procedure_type: ProcedureType, channel: str
) -> QuerySet[Requirement]:
    """The requirements of a procedure for one channel, in the published order."""
    return Requirement.objects.filter(procedure_type=procedure_type, channel=channel)
