"""Only the desk's QR reader may use the camera (Permissions-Policy)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_only_the_desk_page_may_use_the_camera(as_servidor):
    desk = as_servidor.get(reverse("backoffice:desk"))
    assert desk.status_code == 200
    assert "camera=(self)" in desk.headers["Permissions-Policy"]
    assert "microphone=()" in desk.headers["Permissions-Policy"]
    home = as_servidor.get(reverse("backoffice:home"))
    assert "camera=()" in home.headers["Permissions-Policy"]
