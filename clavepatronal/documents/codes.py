"""Codes people read and type (documents, turns, registrations): random,
unguessable, in Crockford's base32, and forgiving when typed."""

import re
import secrets

from .constants import CODE_ALPHABET, CODE_LENGTH

_TYPO_FIXES = str.maketrans({"O": "0", "I": "1", "L": "1"})
# Random byte → character: 256 is a multiple of the alphabet's 32 characters, so
# each character stands for 8 byte values and every one is as likely.
assert 256 % len(CODE_ALPHABET) == 0
_BYTE_TO_CHARACTER = bytes(
    ord(CODE_ALPHABET[value % len(CODE_ALPHABET)]) for value in range(256)
)
_SEPARATORS = re.compile(r"[\s\-_.]")


def random_code(length: int) -> str:
    """`length` characters from a CSPRNG, 5 bits each: one read of random bytes
    for the whole code (a draw makes thousands), not one per character."""
    return secrets.token_bytes(length).translate(_BYTE_TO_CHARACTER).decode()


def code_grouped(code: str) -> str:
    """ABCDEFGHJK → ABCD-EFGH-JK: easier to read aloud and to copy by hand."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def document_code_new() -> str:
    return random_code(CODE_LENGTH)


def code_normalize(value: str, *, length: int) -> str | None:
    """'abcd-efgh …' → 'ABCDEFGH…', or None when it cannot be a code of `length`."""
    code = _SEPARATORS.sub("", str(value or "")).upper().translate(_TYPO_FIXES)
    if len(code) != length or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


def document_code_normalize(value: str) -> str | None:
    """'abcd-efgh …' → 'ABCDEFGH…', or None when it cannot be a document code."""
    return code_normalize(value, length=CODE_LENGTH)
