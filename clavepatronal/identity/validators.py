"""Ecuadorian identity numbers, checked with python-stdnum and explained in Spanish.

Each validator normalizes (spaces and dashes removed, letters upper-cased) and returns
the normalized value, or raises `ValidationError` with a message saying what is wrong.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.ec import ci, ruc

from .constants import PROVINCE_CODES, IdentificationType, RucKind

_DOCUMENT_NUMBER = re.compile(r"[A-Z0-9]+")


@dataclass(frozen=True)
class Ruc:
    number: str
    kind: RucKind
    # False only for company and public RUCs the SRI issued with a failing module-11
    # check digit (python-stdnum issue 497): they are real and must be accepted.
    checksum_ok: bool

    def __str__(self) -> str:
        return self.number


def _compact(value: object) -> str:
    return ci.compact(str(value or ""))


_TYPED_SEPARATORS = re.compile(r"[\s.\-]")


def identification_compact(value: object) -> str:
    """An identity number as typed (spaces, dots, dashes, any case) in the form the
    records keep: 17-1003-4065 → 1710034065, ab 123.456 → AB123456."""
    return _TYPED_SEPARATORS.sub("", str(value or "")).upper()


def _check_digits(number: str, *, length: int, subject: str, noun: str) -> None:
    """Shared shape of cédula and RUC: digits only, exact length, a province code."""
    if not number:
        raise ValidationError(
            _("Escriba %(noun)s."), code="required", params={"noun": noun}
        )
    if not number.isdigit():
        raise ValidationError(
            _("%(subject)s solo puede contener números."),
            code="not_digits",
            params={"subject": subject},
        )
    if len(number) != length:
        raise ValidationError(
            _("%(subject)s debe tener %(length)d dígitos; tiene %(actual)d."),
            code="length",
            params={"subject": subject, "length": length, "actual": len(number)},
        )
    if number[:2] not in PROVINCE_CODES:
        raise ValidationError(
            _(
                "Los dos primeros dígitos de %(noun)s indican la provincia y deben "
                "estar entre 01 y 24, o ser 30 si se registró en el exterior; "
                "«%(code)s» no corresponde a ninguna."
            ),
            code="province",
            params={"noun": noun, "code": number[:2]},
        )


def validate_cedula(value: object) -> str:
    """A cédula de identidad: 10 digits, a province code, the modulo-10 check digit."""
    number = _compact(value)
    _check_digits(number, length=10, subject=_("La cédula"), noun=_("la cédula"))
    if not ci.is_valid(number):
        raise ValidationError(
            _(
                "El dígito verificador no coincide: revise que la cédula esté bien "
                "escrita."
            ),
            code="checksum",
        )
    return number


def validate_ruc(value: object) -> Ruc:
    """A RUC: 13 digits; the third says who holds it, the last ones the branch."""
    number = _compact(value)
    _check_digits(number, length=13, subject=_("El RUC"), noun=_("el RUC"))
    third = number[2]
    if third == "6":
        kind, establishment = RucKind.ENTIDAD_PUBLICA, number[9:]
    elif third == "9":
        kind, establishment = RucKind.SOCIEDAD_PRIVADA, number[10:]
    elif third < "6":
        kind, establishment = RucKind.PERSONA_NATURAL, number[10:]
    else:
        raise ValidationError(
            _(
                "El tercer dígito del RUC debe ser de 0 a 5 (persona natural), "
                "6 (entidad pública) o 9 (sociedad privada)."
            ),
            code="third_digit",
        )
    if not int(establishment):
        raise ValidationError(
            _(
                "El número de establecimiento (los últimos dígitos del RUC) no puede "
                "ser %(establishment)s; el establecimiento principal es el 001."
            ),
            code="establishment",
            params={"establishment": establishment},
        )
    checksum_ok = ruc.is_valid(number)
    if kind == RucKind.PERSONA_NATURAL and not checksum_ok:
        raise ValidationError(
            _(
                "El dígito verificador no coincide: los 10 primeros dígitos de un RUC "
                "de persona natural deben ser una cédula válida."
            ),
            code="checksum",
        )
    return Ruc(number=number, kind=kind, checksum_ok=checksum_ok)


def _validate_document_number(
    value: object, *, what: str, min_length: int, max_length: int
) -> str:
    number = _compact(value)
    if not number:
        raise ValidationError(
            _("Escriba el número de %(what)s."), code="required", params={"what": what}
        )
    if not _DOCUMENT_NUMBER.fullmatch(number):
        raise ValidationError(
            _("El número de %(what)s solo puede contener letras sin tilde y números."),
            code="format",
            params={"what": what},
        )
    if not min_length <= len(number) <= max_length:
        raise ValidationError(
            _("El número de %(what)s debe tener entre %(min)d y %(max)d caracteres."),
            code="length",
            params={"what": what, "min": min_length, "max": max_length},
        )
    return number


def validate_passport(value: object) -> str:
    """A passport number of any country: format only (letters and digits, 5 to 20)."""
    return _validate_document_number(
        value, what=_("pasaporte"), min_length=5, max_length=20
    )


def validate_visa(value: object) -> str:
    """An Ecuadorian visa number: format only (letters and digits, 5 to 20)."""
    return _validate_document_number(value, what=_("visa"), min_length=5, max_length=20)


def validate_iess_code(value: object) -> str:
    """The IESS code for foreigners without cédula: 6 to 15 letters and digits."""
    return _validate_document_number(
        value, what=_("código de identificación IESS"), min_length=6, max_length=15
    )


IDENTIFICATION_VALIDATORS = {
    IdentificationType.CEDULA: validate_cedula,
    IdentificationType.PASAPORTE: validate_passport,
    IdentificationType.VISA: validate_visa,
    IdentificationType.CODIGO_IESS: validate_iess_code,
}


def validate_identification(kind: IdentificationType | str, value: object) -> str:
    """Check `value` by its identification type and return it normalized."""
    return IDENTIFICATION_VALIDATORS[IdentificationType(kind)](value)


_MOBILE_LOCAL = re.compile(r"09\d{8}")
_MOBILE_INTERNATIONAL = re.compile(r"\+5939\d{8}")
_LANDLINE_LOCAL = re.compile(r"0[2-7]\d{7}")
_LANDLINE_INTERNATIONAL = re.compile(r"\+593[2-7]\d{7}")
_PHONE_SEPARATORS = re.compile(r"[\s\-().]")


def validate_mobile(value: object) -> str:
    """An Ecuadorian mobile, written 09XXXXXXXX or +593 9XXXXXXXX; returns +5939…"""
    number = _PHONE_SEPARATORS.sub("", str(value or ""))
    if _MOBILE_LOCAL.fullmatch(number):
        return "+593" + number[1:]
    if _MOBILE_INTERNATIONAL.fullmatch(number):
        return number
    raise ValidationError(
        _(
            "Escriba un celular de Ecuador: 10 dígitos que empiezan con 09 "
            "(0991234567) o +593 seguido de 9 dígitos (+593 991234567)."
        ),
        code="mobile",
    )


def validate_phone(value: object) -> str:
    """A landline (area code 02–07 and 7 digits) or a mobile; returns +593…"""
    number = _PHONE_SEPARATORS.sub("", str(value or ""))
    if _LANDLINE_LOCAL.fullmatch(number):
        return "+593" + number[1:]
    if _LANDLINE_INTERNATIONAL.fullmatch(number):
        return number
    try:
        return validate_mobile(number)
    except ValidationError:
        raise ValidationError(
            _(
                "Escriba un teléfono de Ecuador: fijo con código de provincia "
                "(02 234 5678) o celular (0991234567)."
            ),
            code="phone",
        ) from None


def phone_display(number: str) -> str:
    """+593991234567 → 099 123 4567; +59322345678 → 02 234 5678."""
    if not number.startswith("+593"):
        return number
    local = "0" + number[4:]
    if len(local) == 10:
        return f"{local[:3]} {local[3:6]} {local[6:]}"
    return f"{local[:2]} {local[2:5]} {local[5:]}"
