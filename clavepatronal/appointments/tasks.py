"""Background work of turns: run by the task worker (`manage.py db_worker`)."""

from django_tasks import task

from .services import turn_confirmation_send


@task()
def turn_confirmation_task(*, turn_id: int, key: str) -> None:
    turn_confirmation_send(turn_id=turn_id, key=key)
