"""Copy the private storage (trámite attachments, on disk or in S3) to a folder and
back, and copy an SQLite database safely while it is in use. Used by backup.sh and
restore.sh with the service's own settings and environment."""

import os
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files import File  # noqa: E402
from django.core.files.storage import storages  # noqa: E402


def _names(storage, folder: str = ""):
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from _names(storage, f"{folder}/{sub}" if folder else sub)


def files_backup(target: Path) -> int:
    storage = storages["private"]
    count = 0
    for name in _names(storage):
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source:
            path.write_bytes(source.read())
        count += 1
    return count


def files_restore(source: Path) -> int:
    storage = storages["private"]
    count = 0
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        name = path.relative_to(source).as_posix()
        if storage.exists(name):
            continue
        with path.open("rb") as handle:
            saved = storage.save(name, File(handle))
        if saved != name:
            sys.exit(f"{name} se guardó como {saved}")
        count += 1
    return count


def sqlite_path() -> Path:
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        sys.exit("la base de datos no es SQLite")
    return Path(database["NAME"])


def sqlite_backup(target: Path) -> None:
    """SQLite's online backup: a consistent copy even while the service writes."""
    source = sqlite3.connect(sqlite_path())
    copy = sqlite3.connect(target)
    with copy:
        source.backup(copy)
    copy.close()
    source.close()


def sqlite_restore(source: Path) -> None:
    path = sqlite_path()
    if path.exists():
        sys.exit(f"{path} ya existe: detenga el servicio y muévala antes de restaurar")
    path.parent.mkdir(parents=True, exist_ok=True)
    target = sqlite3.connect(path)
    with target:
        sqlite3.connect(source).backup(target)
    target.close()


if __name__ == "__main__":
    action, folder = sys.argv[1], Path(sys.argv[2])
    if action == "files-backup":
        print(f"archivos copiados: {files_backup(folder)}")
    elif action == "files-restore":
        print(f"archivos restaurados: {files_restore(folder)}")
    elif action == "sqlite-backup":
        sqlite_backup(folder)
    elif action == "sqlite-restore":
        sqlite_restore(folder)
    else:
        sys.exit(f"acción desconocida: {action}")
