"""Without Chromium, `make test` skips the journeys and says why; CI makes it fail."""

import subprocess
from pathlib import Path

from tests.subprocesses import run_python


def run_journeys(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    # The inner run gets its own SQLite database in its own var/ folder: it must never
    # create (and so clobber) the test database this run is using.
    return run_python(
        "-m",
        "pytest",
        "e2e/test_home.py",
        "-q",
        "-p",
        "no:cacheprovider",
        env={
            "CLAVEPATRONAL_VAR_DIR": str(tmp_path),
            "CHROMIUM_PATH": "/nonexistent/chromium",
            **env,
        },
    )


def test_journeys_are_skipped_with_a_visible_reason_without_chromium(tmp_path):
    result = run_journeys(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SKIPPED" in result.stdout
    assert "Chromium no está instalado en /nonexistent/chromium" in result.stdout
    assert " passed" not in result.stdout


def test_ci_fails_the_journeys_when_chromium_is_missing(tmp_path):
    result = run_journeys(tmp_path, REQUIRE_BROWSER="1")
    assert result.returncode != 0
    assert "Chromium no está instalado" in result.stdout
