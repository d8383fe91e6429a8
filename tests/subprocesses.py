"""Fresh processes for tests of start-up: settings, commands, inner test runs."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Variables that configure the project: a child process gets only those the test names.
_PROJECT_VARIABLES = (
    "DJANGO_",
    "DATABASE_URL",
    "REDIS_URL",
    "CLAVEPATRONAL_",
    "REQUIRE_",
)


def run_python(
    *args: str, env: dict[str, str], input: str | None = None
) -> subprocess.CompletedProcess:
    """Run `python *args` in the project root with this environment, less the
    project's own variables, plus `env` (and `input` on its standard input)."""
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(_PROJECT_VARIABLES)
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**inherited, **env},
        input=input,
        capture_output=True,
        text=True,
        timeout=120,
    )
