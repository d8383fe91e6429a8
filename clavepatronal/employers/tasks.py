"""Background work of employer accounts: run by the task worker
(`manage.py db_worker`)."""

from django_tasks import task

from .services import clave_recovery_request


@task()
def clave_recovery_task(*, identification: str, rep_identification: str) -> None:
    """¿Olvidó su clave?, off the request: the page answers in the same time
    whether or not the data match an account. Returns nothing, so the task's
    stored result does not tell either."""
    clave_recovery_request(
        identification=identification, rep_identification=rep_identification
    )
