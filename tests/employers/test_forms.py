"""Each sector's rules, each identification type, mobile format, authorization."""

import datetime

import pytest
from django.utils import timezone

from clavepatronal.employers.forms import (
    AuthorizationForm,
    EmployerForm,
    RepresentativeForm,
)

from .factories import CEDULA, RUC_PERSONA, RUC_PUBLICO, RUC_SOCIEDAD

pytestmark = pytest.mark.django_db


def employer_form(answers, sector, **changes):
    data = {**answers(sector)["empleador"], **changes}
    return EmployerForm(data, sector=sector)


@pytest.mark.parametrize("ruc", [RUC_SOCIEDAD, RUC_PERSONA])
def test_private_sector_takes_company_or_natural_person_ruc(answers, ruc):
    form = employer_form(answers, "PRIVADO", identification=ruc)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["identification"] == ruc


def test_private_sector_refuses_a_public_entity_ruc(answers):
    form = employer_form(answers, "PRIVADO", identification=RUC_PUBLICO)
    assert not form.is_valid()
    assert "entidad pública" in form.errors["identification"][0]


def test_public_sector_takes_only_a_public_entity_ruc(answers):
    assert employer_form(answers, "PUBLICO", identification=RUC_PUBLICO).is_valid()
    for ruc in (RUC_SOCIEDAD, RUC_PERSONA):
        form = employer_form(answers, "PUBLICO", identification=ruc)
        assert not form.is_valid()
        assert "tercer dígito es 6" in form.errors["identification"][0]


def test_artisan_needs_natural_person_ruc(answers):
    assert employer_form(answers, "ARTESANO").is_valid()
    form = employer_form(answers, "ARTESANO", identification=RUC_SOCIEDAD)
    assert not form.is_valid()
    assert "persona natural" in form.errors["identification"][0]


def test_artisan_needs_qualification_number_and_expiry(answers):
    form = employer_form(answers, "ARTESANO", artisan_number="", artisan_expiry="")
    assert not form.is_valid()
    assert form.errors["artisan_number"] == [
        "Escriba el número de calificación artesanal."
    ]
    assert form.errors["artisan_expiry"] == [
        "Escriba la fecha de vencimiento de la calificación artesanal."
    ]


def test_artisan_with_expired_qualification_is_refused(answers):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    form = employer_form(answers, "ARTESANO", artisan_expiry=yesterday.isoformat())
    assert not form.is_valid()
    assert "venció" in form.errors["artisan_expiry"][0]


def test_artisan_expiry_accepts_the_date_as_people_write_it(answers):
    form = employer_form(answers, "ARTESANO", artisan_expiry="31/12/2099")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["artisan_expiry"] == datetime.date(2099, 12, 31)


def test_other_sectors_are_not_asked_for_artisan_qualification(answers):
    for sector in ("PRIVADO", "PUBLICO", "DOMESTICO"):
        fields = employer_form(answers, sector).fields
        assert "artisan_number" not in fields
        assert "artisan_expiry" not in fields


def test_domestic_employer_registers_with_cedula_and_no_ruc(answers):
    form = employer_form(answers, "DOMESTICO")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["identification"] == CEDULA
    assert "main_activity" not in form.fields
    form = employer_form(answers, "DOMESTICO", identification=RUC_PERSONA)
    assert not form.is_valid()
    assert form.errors["identification"] == [
        "La cédula debe tener 10 dígitos; tiene 13."
    ]


def test_employer_phone_and_email_are_checked(answers):
    form = employer_form(answers, "PRIVADO", phone="12345", email="sin-arroba")
    assert not form.is_valid()
    assert "teléfono de Ecuador" in form.errors["phone"][0]
    assert "correo electrónico válido" in form.errors["email"][0]


def representative(**changes):
    data = {
        "id_type": "CEDULA",
        "id_number": "0926687856",
        "names": "Juan Pérez",
        "nationality": "Ecuatoriana",
        "email": "Juan@Ejemplo.ec",
        "mobile": "0991234567",
        **changes,
    }
    return RepresentativeForm(data)


@pytest.mark.parametrize(
    "id_type, number, expected",
    [
        ("CEDULA", "092668785-6", "0926687856"),
        ("PASAPORTE", "ab 123456", "AB123456"),
        ("VISA", "V-2024-55881", "V202455881"),
        ("CODIGO_IESS", "EXT001234", "EXT001234"),
    ],
)
def test_each_identification_type_is_accepted_and_normalized(id_type, number, expected):
    form = representative(id_type=id_type, id_number=number)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["id_number"] == expected


@pytest.mark.parametrize(
    "id_type, number, message",
    [
        ("CEDULA", "0926687857", "dígito verificador"),
        ("CEDULA", "AB123456", "solo puede contener números"),
        ("PASAPORTE", "A1", "entre 5 y 20"),
        ("VISA", "VISA#123", "letras sin tilde y números"),
        ("CODIGO_IESS", "12345", "entre 6 y 15"),
    ],
)
def test_identification_number_is_checked_by_its_type(id_type, number, message):
    form = representative(id_type=id_type, id_number=number)
    assert not form.is_valid()
    assert message in form.errors["id_number"][0]


@pytest.mark.parametrize(
    "mobile, expected",
    [
        ("0991234567", "+593991234567"),
        ("099 123 4567", "+593991234567"),
        ("+593 991234567", "+593991234567"),
        ("+593 99 123 4567", "+593991234567"),
    ],
)
def test_mobile_accepts_both_ecuadorian_formats(mobile, expected):
    form = representative(mobile=mobile)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["mobile"] == expected
    assert form.cleaned_data["email"] == "juan@ejemplo.ec"


@pytest.mark.parametrize(
    "mobile",
    [
        "0891234567",
        "099123456",
        "09912345678",
        "022345678",
        "+59322345678",
        "593991234567",
    ],
)
def test_mobile_refuses_anything_else(mobile):
    form = representative(mobile=mobile)
    assert not form.is_valid()
    assert "celular de Ecuador" in form.errors["mobile"][0]


def test_no_authorization_clears_the_third_party():
    form = AuthorizationForm(
        {"authorize": "NO", "names": "Alguien", "id_type": "CEDULA", "id_number": "1"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "authorize": "NO",
        "names": "",
        "id_type": "",
        "id_number": "",
    }


def test_authorization_needs_names_and_identification():
    form = AuthorizationForm({"authorize": "SI"})
    assert not form.is_valid()
    assert set(form.errors) == {"names", "id_type", "id_number"}


def test_authorized_persons_identification_is_checked_by_type():
    form = AuthorizationForm(
        {"authorize": "SI", "names": "Rosa", "id_type": "CEDULA", "id_number": "123"}
    )
    assert not form.is_valid()
    assert form.errors["id_number"] == ["La cédula debe tener 10 dígitos; tiene 3."]


def test_authorized_person_shows_cedula_passport_or_visa_only():
    form = AuthorizationForm(
        {
            "authorize": "SI",
            "names": "Rosa",
            "id_type": "CODIGO_IESS",
            "id_number": "EXT001234",
        }
    )
    assert not form.is_valid()
    assert "id_type" in form.errors
    choices = [value for value, _ in form.fields["id_type"].choices if value]
    assert choices == ["CEDULA", "PASAPORTE", "VISA"]
