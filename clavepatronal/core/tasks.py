"""Enqueueing background work with the transaction that decided it."""

from django.db import transaction
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend

from .request_id import task_kwargs_with_request_id


def task_enqueue_with_transaction(task: Task, **kwargs) -> None:
    """A database-backed task is enqueued right away, inside the caller's
    transaction: its row commits or rolls back with the change, and no crash between
    commit and enqueue can lose it. Any other backend (the immediate one of the demo
    and the tests) is enqueued once the transaction commits, so nothing runs for a
    change that is rolled back. The task carries the id of the request that
    enqueued it (core.request_id), so its log lines can be found with the
    request's."""
    kwargs = task_kwargs_with_request_id(kwargs)
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(**kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(**kwargs))
