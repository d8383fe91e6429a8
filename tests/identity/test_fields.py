from django import forms

from clavepatronal.identity import forms as identity_forms
from clavepatronal.identity.constants import RucKind
from clavepatronal.identity.validators import Ruc


class EmployerForm(forms.Form):
    ruc = identity_forms.RucField(label="RUC")
    cedula = identity_forms.CedulaField(label="Cédula del representante legal")
    pasaporte = identity_forms.PassportField(label="Pasaporte", required=False)
    visa = identity_forms.VisaField(label="Visa", required=False)
    codigo = identity_forms.IessCodeField(label="Código IESS", required=False)


def test_form_cleans_numbers_to_their_normalized_form():
    form = EmployerForm(
        data={
            "ruc": "1792060346-001",
            "cedula": "171430710-3",
            "pasaporte": "ab 123456",
            "visa": "",
            "codigo": "",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["ruc"] == Ruc(
        number="1792060346001", kind=RucKind.SOCIEDAD_PRIVADA, checksum_ok=True
    )
    assert form.cleaned_data["cedula"] == "1714307103"
    assert form.cleaned_data["pasaporte"] == "AB123456"
    assert form.cleaned_data["visa"] == ""


def test_form_reports_each_identity_error_in_spanish():
    form = EmployerForm(data={"ruc": "", "cedula": "1714307104", "pasaporte": "A<1"})
    assert not form.is_valid()
    assert form.errors["ruc"] == ["Escriba el número de RUC."]
    assert form.errors["cedula"] == [
        "El dígito verificador no coincide: revise que la cédula esté bien escrita."
    ]
    assert "letras sin tilde y números" in form.errors["pasaporte"][0]


def test_numeric_fields_ask_phones_for_a_numeric_keyboard():
    html = str(EmployerForm()["cedula"])
    assert 'inputmode="numeric"' in html
    assert 'autocomplete="off"' in html
    assert "maxlength" not in html
    assert 'inputmode="numeric"' not in str(EmployerForm()["pasaporte"])
