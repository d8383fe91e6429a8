"""Background work of employers: run by the task worker (`manage.py db_worker`)."""

from django_tasks import task

from .services import clave_recovery_request
from .services.sri_check import registration_sri_recheck


@task()
def clave_recovery_task(*, identification: str, rep_identification: str) -> None:
    """¿Olvidó su clave?, off the request: the page answers in the same time
    whether or not the data match an account. Returns nothing, so the task's
    stored result does not tell either."""
    clave_recovery_request(
        identification=identification, rep_identification=rep_identification
    )


@task()
def registration_sri_recheck_task(*, registration_id: int, attempt: int = 1) -> str:
    """Ask the SRI again about a registration it did not answer for."""
    result = registration_sri_recheck(registration_id=registration_id, attempt=attempt)
    return result.outcome.value if result is not None else ""
