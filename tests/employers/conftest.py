import re

import pytest
from django.core import mail
from django.urls import reverse

PAGES = ["sector", "empleador", "representante", "autorizacion"]


def mailed_code(message) -> str:
    return re.search(r"^\s+(\d{6})\s*$", message.body, re.MULTILINE).group(1)


@pytest.fixture
def fill():
    """Post every page as a person would; returns the last response."""

    def run(client, data: dict[str, dict]):
        response = None
        for page in PAGES:
            response = client.post(
                reverse("employers:step", kwargs={"step": page}), data[page]
            )
            assert response.status_code == 302, (page, response.content.decode()[:3000])
        return response

    return run


@pytest.fixture
def register(fill, django_capture_on_commit_callbacks):
    """The whole journey through the e-mail code; returns the done page response.

    Mail goes out on commit; the test's transaction never commits, so the callbacks
    are run where the commit would have happened.
    """

    def run(client, data: dict[str, dict]):
        fill(client, data)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("employers:review"))
        code = mailed_code(mail.outbox[-1])
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("employers:email"), {"code": code}, follow=True)

    return run
