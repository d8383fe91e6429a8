"""Personal data out of logs and error reports, leaving enough to debug.

The rule (docs/deploy.md, «Salud, identificador de solicitud y registros»):

- a cédula, or any 10-digit number (which includes mobile phones, 09…): first two
  and last two digits, `17******78`;
- a RUC, any 13-digit number: first two and last three, `17********001`;
- a phone written +593…, 593…, or in groups (`099 123 4567`, `02-234-5678`): the
  prefix and the last two digits, `+593*******67`;
- an e-mail: first letter and the domain, `m***@dominio.ec`;
- a passport (or any identification) where it can be told apart, after the words
  pasaporte/passport/identificación: first and last character, `A******7`;
- a value under a key that names personal data (cedula, ruc, email, telefono,
  pasaporte…), whatever it looks like: first two and last two characters.

Digits glued to letters (a hexadecimal id, a hash) are left alone: those are not
personal data and are what one searches for.
"""

import re
from collections.abc import Callable

_EDGE_BEFORE = r"(?<![0-9A-Za-z])"
_EDGE_AFTER = r"(?![0-9A-Za-z])"

_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])([A-Za-z0-9])[A-Za-z0-9._%+-]*@"
    r"([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
)
_PHONE_INTERNATIONAL = re.compile(
    _EDGE_BEFORE + r"(\+?593)[ -]?(\d(?:[ -]?\d){6,8})" + _EDGE_AFTER
)
_PHONE_GROUPED = re.compile(
    _EDGE_BEFORE + r"(0\d{1,2})[ -](\d{3}[ -]?\d{3,4})" + _EDGE_AFTER
)
_DIGITS = re.compile(_EDGE_BEFORE + r"(\d{13}|\d{10}|0[2-7]\d{7})" + _EDGE_AFTER)
_PASSPORT = re.compile(
    r"((?:pasaporte|passport|identificaci[oó]n|identification)\W{1,3})"
    r"([A-Za-z0-9]{5,20})" + _EDGE_AFTER,
    re.IGNORECASE,
)

# Keys whose values are personal whatever they look like (logging extras, Sentry's
# request data, local variables).
SENSITIVE_KEYS = re.compile(
    r"c[eé]dula|\bruc\b|_ruc|ruc_|email|e_mail|correo|phone|tel[eé]fono|"
    r"celular|movil|passport|pasaporte|identificaci|identification|id_number",
    re.IGNORECASE,
)


def _kept(text: str, *, head: int, tail: int) -> str:
    return text[:head] + "*" * (len(text) - head - tail) + text[len(text) - tail :]


def _digits(match: re.Match) -> str:
    number = match.group(1)
    return _kept(number, head=2, tail=3 if len(number) == 13 else 2)


def _phone(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group(2))
    return match.group(1) + "*" * (len(digits) - 2) + digits[-2:]


def _passport(match: re.Match) -> str:
    return match.group(1) + _kept(match.group(2), head=1, tail=1)


def text_masked(text: str) -> str:
    """`text` with every identification, e-mail and phone it contains masked."""
    text = _EMAIL.sub(r"\1***@\2", text)
    text = _PASSPORT.sub(_passport, text)
    text = _PHONE_INTERNATIONAL.sub(_phone, text)
    text = _PHONE_GROUPED.sub(_phone, text)
    return _DIGITS.sub(_digits, text)


def value_masked_whole(value) -> str:
    """A value known to be personal (by the name it is kept under)."""
    text = text_masked(str(value))
    if text != str(value) or "*" in text:
        return text
    return _kept(text, head=2, tail=2) if len(text) >= 8 else "*" * len(text)


def data_masked(value, *, key: str = "", other: Callable | None = None):
    """A copy of `value` (str, number, dict, list, tuple) with personal data masked,
    looking inside containers. Anything else goes through `other` (default: left as
    it is)."""
    if key and SENSITIVE_KEYS.search(key) and value not in (None, "", True, False):
        if isinstance(value, dict | list | tuple):
            return data_masked(value, other=other)
        return value_masked_whole(value)
    if isinstance(value, str):
        return text_masked(value)
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return value
    if isinstance(value, int):
        masked = text_masked(str(value))
        return value if masked == str(value) else masked
    if isinstance(value, dict):
        return {
            name: data_masked(item, key=str(name), other=other)
            for name, item in value.items()
        }
    if isinstance(value, list | tuple):
        masked = [data_masked(item, other=other) for item in value]
        return masked if isinstance(value, list) else tuple(masked)
    return other(value) if other is not None else value
