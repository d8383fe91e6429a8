"""What one settings module does under several environments, in one fresh process.

`python -m tests.settings_probe` reads a JSON plan on stdin and prints one JSON
object: tests/core/test_settings.py starts one such process per settings module
instead of one `manage.py` per assertion. The process's own environment is the
module's base (DJANGO_SETTINGS_MODULE and its variables); the plan says, per case,
what to add to it or take out of it:

    {"imports": {"<case>": {"env": {...}, "unset": [...], "values": [...]}},
     "setup": {"env": {...}, "commands": [{"args": [...], "settings": {...}}],
               "values": [...]}}

Each import case imports the settings module anew (as a start-up does) and answers
{"error": "<exception>: <message>"} or {"values": {<name>: str(value)}}. The setup,
last, starts Django once and runs each `manage.py` command in it (with settings
overridden where a command says), answering {"status", "out", "err"} per command
and the named settings' values.
"""

import importlib
import io
import json
import os
import sys


def _environment(base: dict, case: dict) -> None:
    os.environ.clear()
    os.environ.update(base)
    os.environ.update(case.get("env", {}))
    for name in case.get("unset", ()):
        os.environ.pop(name, None)


def _fresh_import(case: dict, base: dict) -> dict:
    _environment(base, case)
    for name in [
        m
        for m in sys.modules
        if m == "config.settings" or m.startswith("config.settings.")
    ]:
        del sys.modules[name]
    try:
        module = importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    except Exception as error:  # noqa: BLE001 -- the refusal is the answer
        return {"error": f"{type(error).__name__}: {error}"}
    return {"values": {name: str(getattr(module, name)) for name in case["values"]}}


def _setup(case: dict, base: dict) -> dict:
    _environment(base, case)
    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.core.management.base import CommandError, SystemCheckError
    from django.test.utils import override_settings

    django.setup()
    answers = []
    for command in case.get("commands", ()):
        out, err = io.StringIO(), io.StringIO()
        status = 0
        with override_settings(**command.get("settings", {})):
            try:
                call_command(*command["args"], stdout=out, stderr=err)
            except (SystemCheckError, CommandError) as error:
                status = 1
                err.write(str(error))
        answers.append({"status": status, "out": out.getvalue(), "err": err.getvalue()})
    values = {name: str(_setting(settings, name)) for name in case.get("values", ())}
    return {"commands": answers, "values": values}


def _setting(settings, dotted: str):
    """A setting, or a path into it: "DATABASES.default.ENGINE"."""
    name, *keys = dotted.split(".")
    value = getattr(settings, name)
    for key in keys:
        value = value[key]
    return value


def main() -> None:
    plan = json.load(sys.stdin)
    base = dict(os.environ)
    report = {
        "imports": {
            name: _fresh_import(case, base)
            for name, case in plan.get("imports", {}).items()
        }
    }
    if "setup" in plan:
        report["setup"] = _setup(plan["setup"], base)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
