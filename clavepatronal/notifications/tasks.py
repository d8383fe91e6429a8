"""Background work of e-mail: run by the task worker (`manage.py db_worker`)."""

from django_tasks import task

from .services import email_deliver


@task()
def email_deliver_task(*, outbox_id: int) -> bool:
    return email_deliver(outbox_id=outbox_id)
