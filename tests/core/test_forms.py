"""Every form renders with an error summary linking to its fields (WCAG 2.2 AA)."""

from django import forms

from clavepatronal.identity.forms import CedulaField


class ContactForm(forms.Form):
    cedula = CedulaField(label="Cédula", help_text="Los 10 dígitos, sin guion.")
    email = forms.EmailField(label="Correo electrónico")


def test_form_without_errors_has_no_error_summary():
    html = str(ContactForm())
    assert "Hay un problema" not in html
    assert '<label class="field__label" for="id_cedula">Cédula</label>' in html


def test_error_summary_links_each_error_to_its_field():
    form = ContactForm(data={"cedula": "123", "email": "no-es-correo"})
    assert not form.is_valid()
    html = str(form)
    assert html.index("Hay un problema") < html.index("<label")
    assert 'role="alert"' in html
    assert '<a href="#id_cedula">La cédula debe tener 10 dígitos; tiene 3.</a>' in html
    assert (
        '<a href="#id_email">Introduzca una dirección de correo electrónico válida.'
        in (html)
    )


def test_invalid_field_is_marked_and_described_by_hint_and_error():
    form = ContactForm(data={"cedula": "123", "email": "a@b.ec"})
    form.is_valid()
    html = str(form["cedula"].as_field_group())
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_cedula_helptext id_cedula_error"' in html
    assert 'id="id_cedula_error"' in html
    assert 'id="id_cedula_helptext"' in html
