"""Background work of turns: run by the task worker (`manage.py db_worker`)."""

from django_tasks import task

from .services import draw_notify, turn_confirmation_send


@task()
def turn_confirmation_task(*, turn_id: int, key: str) -> None:
    turn_confirmation_send(turn_id=turn_id, key=key)


@task()
def draw_notify_task(*, draw_id: int, key: str) -> None:
    draw_notify(draw_id=draw_id)
