"""The rooms of the design hold: which app may import which, who writes turns, one
way to serve a file. Read from the source with `ast`, so a forbidden import fails
here before anyone has to notice it in review."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "clavepatronal"

# ../shared/design/architecture.json, "never": (importer, imported, why).
NEVER = [
    ("core", "identity", "the core knows no domain"),
    ("core", "employers", "the core knows no domain"),
    ("core", "backoffice", "the core knows no domain"),
    ("identity", "employers", "identity rules stand alone"),
    ("catalogue", "procedures", "the catalogue is read by the routes, it reads none"),
    ("catalogue", "appointments", "the catalogue is read by the routes, it reads none"),
    ("documents", "procedures", "documents know files and signatures, not procedures"),
    ("appointments", "procedures", "turns and virtual tramites are separate routes"),
    ("procedures", "appointments", "turns and virtual tramites are separate routes"),
    ("employers", "appointments", "registration knows no turns"),
    ("procedures", "backoffice", "domain never reaches the screens above it"),
    ("appointments", "backoffice", "domain never reaches the screens above it"),
    ("employers", "backoffice", "domain never reaches the screens above it"),
    ("employers", "portal", "domain never reaches the screens above it"),
    ("backoffice", "portal", "two front doors, no passage between them"),
    ("portal", "backoffice", "two front doors, no passage between them"),
    ("notifications", "procedures", "mail knows templates, not workflows"),
    ("audit", "procedures", "audit records, it does not decide"),
]
# The core knows no domain app at all, not only the three the design names.
DOMAIN_APPS = {
    "identity",
    "catalogue",
    "employers",
    "documents",
    "procedures",
    "appointments",
    "portal",
    "backoffice",
    "notifications",
    "audit",
    "privacy",
}
TURN_WRITES = {
    "create",
    "bulk_create",
    "get_or_create",
    "update_or_create",
    "update",
    "bulk_update",
    "delete",
}


def _sources():
    """(app, path, tree) for every module of the apps; migrations name other apps
    by label, never by import, and are left out."""
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if "migrations" in relative.parts:
            continue
        yield relative.parts[0], relative, ast.parse(path.read_text())


SOURCES = list(_sources())


def _imports(tree):
    """(line, dotted module) of every absolute import, function-level ones too."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name


def _app_imports():
    for app, path, tree in SOURCES:
        for line, module in _imports(tree):
            parts = module.split(".")
            if parts[0] == "clavepatronal" and len(parts) > 1 and parts[1] != app:
                yield app, parts[1], parts[2:], f"{path}:{line} imports {module}"


def test_the_walk_sees_every_app_and_their_imports():
    apps = {app for app, _path, _tree in SOURCES}
    assert DOMAIN_APPS | {"core"} <= apps
    # Known allowed edges are found: the check is not blind.
    edges = {(a, b) for a, b, _rest, _where in _app_imports()}
    assert ("backoffice", "procedures") in edges
    assert ("appointments", "catalogue") in edges


@pytest.mark.parametrize(("importer", "imported", "why"), NEVER)
def test_forbidden_pairs_never_import_each_other(importer, imported, why):
    found = [
        where for a, b, _rest, where in _app_imports() if (a, b) == (importer, imported)
    ]
    assert not found, f"{importer} → {imported} ({why}): {found}"


def test_core_imports_no_domain_app():
    found = [where for a, b, _r, where in _app_imports() if a == "core" and b != "core"]
    assert not found


def test_no_app_imports_another_apps_views():
    found = [where for _a, _b, rest, where in _app_imports() if rest[:1] == ["views"]]
    assert not found


def _calls_on_turn(tree):
    """Lines where a Turn is built or written through its manager or queryset."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "Turn":
            yield node.lineno, "Turn(...)"
        if isinstance(func, ast.Attribute) and func.attr in TURN_WRITES:
            base = func.value
            while isinstance(base, ast.Call | ast.Attribute):
                base = base.func if isinstance(base, ast.Call) else base.value
            if isinstance(base, ast.Name) and base.id == "Turn":
                yield node.lineno, f"Turn….{func.attr}()"


def test_only_appointments_writes_turn_rows():
    found = [
        f"{path}:{line} {what}"
        for app, path, tree in SOURCES
        if app != "appointments"
        for line, what in _calls_on_turn(tree)
    ]
    assert not found


def test_the_turn_check_finds_the_writes_appointments_makes():
    writes = [
        what
        for app, _path, tree in SOURCES
        if app == "appointments"
        for _line, what in _calls_on_turn(tree)
    ]
    assert "Turn….update()" in writes


def test_every_download_goes_through_the_one_file_response_helper():
    """Content-Disposition and FileResponse appear only in documents.responses."""
    found = []
    for _app, path, tree in SOURCES:
        if path == Path("documents/responses.py"):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value == "Content-Disposition":
                found.append(f"{path}:{node.lineno}")
            if isinstance(node, ast.Name) and node.id == "FileResponse":
                found.append(f"{path}:{node.lineno}")
    assert not found


# Modules past this many lines become packages split by sub-domain (STYLE.md), and
# a function past this many lines is split where a step has a name of its own.
MODULE_MAX_LINES = 350
FUNCTION_MAX_LINES = 60


def test_no_module_is_longer_than_the_house_limit():
    long = [
        f"{path}: {len((ROOT / path).read_text().splitlines())} lines"
        for _app, path, _tree in SOURCES
        if len((ROOT / path).read_text().splitlines()) > MODULE_MAX_LINES
    ]
    assert not long


def test_no_function_is_longer_than_the_house_limit():
    long = [
        f"{path}:{node.lineno} {node.name}: {node.end_lineno - node.lineno + 1} lines"
        for _app, path, tree in SOURCES
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > FUNCTION_MAX_LINES
    ]
    assert not long
