"""The id of the request being served, and of the request that enqueued a task.

One id follows a person's request everywhere it leaves a trace: the log lines of the
app server, the tasks it enqueues (and their log lines in the worker), the audit
events it writes, the error page it may see. The middleware that picks the id lives
in the observability app; the id itself lives here, in the core, because the core's
task helper, error pages and the audit trail all read it and the core imports no app.
"""

from contextvars import ContextVar

from django_tasks.base import TaskResult

# The keyword a task carries the id in, between enqueue and run; the worker takes it
# out before the task function is called (task_request_id_bind).
TASK_KWARG = "_request_id"

_request_id: ContextVar[str] = ContextVar("request_id", default="")
# What each running task replaced, by task result id, to put back when it ends.
_before_task: dict[str, str] = {}


def request_id_current() -> str:
    """The id of the request (or task) being served, or "" outside of one."""
    return _request_id.get()


def request_id_set(value: str):
    """Make `value` the current id; returns the token `request_id_reset` takes."""
    return _request_id.set(value)


def request_id_reset(token) -> None:
    _request_id.reset(token)


def task_kwargs_with_request_id(kwargs: dict) -> dict:
    """The task's keyword arguments plus the current request id, when there is one."""
    current = request_id_current()
    return {**kwargs, TASK_KWARG: current} if current else kwargs


def task_request_id_bind(*, task_result: TaskResult, **kwargs) -> None:
    """django-tasks' task_started: the id the task was enqueued with becomes the
    worker's current id, and leaves the keyword arguments the function receives."""
    value = task_result.kwargs.pop(TASK_KWARG, None)
    if value is None:
        return
    _before_task[task_result.id] = _request_id.get()
    _request_id.set(str(value))


def task_request_id_unbind(*, task_result: TaskResult, **kwargs) -> None:
    """django-tasks' task_finished (after its own log line): the worker's id goes
    back to what it was before the task."""
    if task_result.id in _before_task:
        _request_id.set(_before_task.pop(task_result.id))
