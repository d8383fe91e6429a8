"""Answers that take the same time whatever they found.

A page that takes an identification and answers the same words either way can still
tell, by how long it takes, whether the identification matched: a matching one does
more work (an e-mail, a task, rows). `uniform_duration` holds a POST's response until
a floor has passed since it began, so what is measured is the floor. The floor is a
setting, chosen well above the slower path; only the POST is held.
"""

import time
from functools import wraps

from django.conf import settings


def uniform_duration(setting: str):
    """Decorate a view: its POST answers no sooner than `settings.<setting>`
    seconds after it began."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            began = time.monotonic()
            response = view(request, *args, **kwargs)
            if request.method == "POST":
                left = getattr(settings, setting) - (time.monotonic() - began)
                if left > 0:
                    time.sleep(left)
            return response

        return wrapped

    return decorator
