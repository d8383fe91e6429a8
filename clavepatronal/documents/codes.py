"""Document codes: random, unguessable, and forgiving when typed by a person."""

import re
import secrets

from .constants import CODE_ALPHABET, CODE_LENGTH

_TYPO_FIXES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-_.]")


def document_code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def document_code_normalize(value: str) -> str | None:
    """'abcd-efgh …' → 'ABCDEFGH…', or None when it cannot be a document code."""
    code = _SEPARATORS.sub("", str(value or "")).upper().translate(_TYPO_FIXES)
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code
