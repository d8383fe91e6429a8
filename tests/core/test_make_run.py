"""Issue 30 (10): a clean first impression of `make run` — no dependency
deprecation warning, task lines only at warning level, a favicon, and the demo's
logins and addresses printed last, once the server answers."""

import logging
import re

from django.conf import settings
from django.urls import reverse

from tests.subprocesses import ROOT, run_python


def test_starting_django_shows_no_dependency_deprecation_warning(tmp_path):
    """pyHanko's DSA import warned once per process (six times per `make run`)."""
    result = run_python(
        "-c",
        "import django; django.setup(); import pyhanko.sign.signers.pdf_cms",
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "CLAVEPATRONAL_VAR_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stderr, result.stderr


def test_task_lines_are_shown_from_warning_level_by_default():
    assert settings.LOGGING["loggers"]["django_tasks"]["level"] == "WARNING"
    assert logging.getLogger("django_tasks").getEffectiveLevel() == logging.WARNING
    assert not logging.getLogger("django_tasks.backends.immediate").isEnabledFor(
        logging.INFO
    )


def test_there_is_a_favicon_and_every_page_links_it(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content.startswith(b"\x00\x00\x01\x00")  # an ICO file
    assert "max-age" in response["Cache-Control"]
    page = client.get(reverse("core:home")).content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page


def test_make_run_prints_the_demo_summary_after_the_server_answers():
    recipe = (ROOT / "Makefile").read_text().split("\nrun: install\n", 1)[1]
    recipe = recipe.split("\n\n", 1)[0]
    server = recipe.index("gunicorn config.wsgi")
    answers = recipe.index("/salud/")
    printed = recipe.index('"$$summary"')
    assert server < answers < printed
    assert re.search(r"summary=\$\$\(\$\(MANAGE\) cargar_demo\)", recipe)
