import pytest
from django.core.exceptions import ValidationError

from clavepatronal.identity.constants import IdentificationType, RucKind
from clavepatronal.identity.validators import (
    validate_cedula,
    validate_identification,
    validate_iess_code,
    validate_passport,
    validate_ruc,
    validate_visa,
)


def error_of(validator, value) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validator(value)
    return caught.value


def message_of(error: ValidationError) -> str:
    return " ".join(error.messages)


# -- Cédula ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["1714307103", "0912345675", "0112345673", "2412345676"]
)
def test_valid_cedulas_are_accepted(value):
    assert validate_cedula(value) == value


def test_cedula_registered_abroad_with_province_30_is_accepted():
    assert validate_cedula("3012345678") == "3012345678"


@pytest.mark.parametrize(
    "value", ["171430710-3", " 1714307103 ", "17 1430 7103", "1714-307-103"]
)
def test_cedula_spaces_and_dashes_are_removed(value):
    assert validate_cedula(value) == "1714307103"


def test_cedula_with_wrong_check_digit_is_rejected():
    error = error_of(validate_cedula, "1714307104")
    assert error.code == "checksum"
    assert "dígito verificador no coincide" in message_of(error)


@pytest.mark.parametrize("value", ["171430710", "17143071033", "1"])
def test_cedula_with_wrong_length_is_rejected(value):
    error = error_of(validate_cedula, value)
    assert error.code == "length"
    assert "La cédula debe tener 10 dígitos" in message_of(error)


@pytest.mark.parametrize("value", ["17143O7103", "ABCDEFGHIJ", "1714307103a"])
def test_cedula_with_letters_is_rejected(value):
    error = error_of(validate_cedula, value)
    assert error.code == "not_digits"
    assert "solo puede contener números" in message_of(error)


def test_cedula_with_province_25_is_rejected_even_when_the_check_digit_holds():
    # 2512345675 passes the modulo-10 check; only the province code is wrong.
    error = error_of(validate_cedula, "2512345675")
    assert error.code == "province"
    assert "«25»" in message_of(error)


@pytest.mark.parametrize("value", ["0012345678", "9912345678", "5012345678"])
def test_cedula_with_unknown_province_is_rejected(value):
    assert error_of(validate_cedula, value).code == "province"


@pytest.mark.parametrize("value", ["", None, "   ", "--"])
def test_empty_cedula_asks_for_it(value):
    error = error_of(validate_cedula, value)
    assert error.code == "required"
    assert message_of(error) == "Escriba la cédula."


# -- RUC ------------------------------------------------------------------------------


def test_natural_person_ruc_is_a_cedula_plus_an_establishment():
    ruc = validate_ruc("1714307103001")
    assert ruc.number == "1714307103001"
    assert ruc.kind == RucKind.PERSONA_NATURAL
    assert ruc.checksum_ok is True
    assert str(ruc) == "1714307103001"


def test_private_company_ruc_is_accepted():
    ruc = validate_ruc("1792060346001")
    assert ruc.kind == RucKind.SOCIEDAD_PRIVADA
    assert ruc.checksum_ok is True


def test_public_entity_ruc_is_accepted():
    ruc = validate_ruc("1760001550001")
    assert ruc.kind == RucKind.ENTIDAD_PUBLICA
    assert ruc.checksum_ok is True


@pytest.mark.parametrize("value", ["1793213150001", "0993370026001"])
def test_active_sri_company_rucs_with_failing_check_digit_are_accepted(value):
    # python-stdnum issue 497: the SRI issued these, they are active, the module-11
    # check digit fails. They must be accepted and the miss recorded.
    ruc = validate_ruc(value)
    assert ruc.number == value
    assert ruc.kind == RucKind.SOCIEDAD_PRIVADA
    assert ruc.checksum_ok is False


def test_public_ruc_with_failing_check_digit_is_accepted_with_a_warning():
    ruc = validate_ruc("1760001590001")
    assert ruc.kind == RucKind.ENTIDAD_PUBLICA
    assert ruc.checksum_ok is False


def test_natural_person_ruc_with_wrong_cedula_check_digit_is_rejected():
    error = error_of(validate_ruc, "1714307104001")
    assert error.code == "checksum"
    assert "dígito verificador no coincide" in message_of(error)


@pytest.mark.parametrize("value", ["1714307103000", "1792060346000", "1760001550000"])
def test_ruc_with_establishment_000_is_rejected(value):
    error = error_of(validate_ruc, value)
    assert error.code == "establishment"
    assert "001" in message_of(error)


@pytest.mark.parametrize(
    "value", ["1792060346-001", " 1792060346001 ", "17 9206 0346 001"]
)
def test_ruc_spaces_and_dashes_are_removed(value):
    assert validate_ruc(value).number == "1792060346001"


@pytest.mark.parametrize("value", ["179206034600", "17920603460011", "1714307103"])
def test_ruc_with_wrong_length_is_rejected(value):
    error = error_of(validate_ruc, value)
    assert error.code == "length"
    assert "El RUC debe tener 13 dígitos" in message_of(error)


def test_ruc_with_letters_is_rejected():
    assert error_of(validate_ruc, "17920603460O1").code == "not_digits"


def test_ruc_with_province_25_is_rejected():
    assert error_of(validate_ruc, "2512345675001").code == "province"


def test_ruc_registered_abroad_with_province_30_is_accepted():
    assert validate_ruc("3012345678001").kind == RucKind.PERSONA_NATURAL


@pytest.mark.parametrize("value", ["1772060346001", "1782060346001"])
def test_ruc_with_third_digit_7_or_8_is_rejected(value):
    assert error_of(validate_ruc, value).code == "third_digit"


# -- Foreigners' documents ------------------------------------------------------------


@pytest.mark.parametrize(
    ("validator", "value", "expected"),
    [
        (validate_passport, "ab 123456", "AB123456"),
        (validate_passport, "X1234-5678", "X12345678"),
        (validate_visa, "v-2024-00123", "V202400123"),
        (validate_iess_code, "ext 123456", "EXT123456"),
    ],
)
def test_foreign_documents_are_normalized(validator, value, expected):
    assert validator(value) == expected


@pytest.mark.parametrize("validator", [validate_passport, validate_visa])
def test_foreign_document_with_symbols_is_rejected(validator):
    error = error_of(validator, "AB<123456>")
    assert error.code == "format"
    assert "solo puede contener letras" in message_of(error)


@pytest.mark.parametrize("validator", [validate_passport, validate_visa])
def test_foreign_document_with_accented_letters_is_rejected(validator):
    assert error_of(validator, "ÑANDÚ1234").code == "format"


@pytest.mark.parametrize(
    ("validator", "value"),
    [
        (validate_passport, "A123"),
        (validate_passport, "A" * 21),
        (validate_visa, "V12"),
        (validate_iess_code, "E1234"),
        (validate_iess_code, "E" * 16),
    ],
)
def test_foreign_document_with_wrong_length_is_rejected(validator, value):
    assert error_of(validator, value).code == "length"


def test_identification_is_checked_by_its_type():
    assert validate_identification(IdentificationType.CEDULA, "171430710-3") == (
        "1714307103"
    )
    assert validate_identification("PASAPORTE", "ab123456") == "AB123456"
    # A passport number is not a cédula.
    assert error_of(
        lambda v: validate_identification(IdentificationType.CEDULA, v), "AB123456"
    ).code == ("not_digits")
