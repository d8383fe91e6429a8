"""A development secret key made once per checkout, kept in var/ and never committed."""

from pathlib import Path

from django.core.management.utils import get_random_secret_key


def secret_key_from_file(path: Path) -> str:
    """Read the key at `path`, creating it (readable by the owner only) if missing."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(path, "x", encoding="ascii") as handle:
                handle.write(get_random_secret_key())
            path.chmod(0o600)
        except FileExistsError:
            pass  # another process created it first; read theirs
    return path.read_text(encoding="ascii").strip()
