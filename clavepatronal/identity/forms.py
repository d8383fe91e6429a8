"""Form fields for identity numbers: numeric keyboards on phones, Spanish messages."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .validators import (
    Ruc,
    validate_cedula,
    validate_identification,
    validate_iess_code,
    validate_mobile,
    validate_passport,
    validate_phone,
    validate_ruc,
    validate_visa,
)


class _IdentityNumberField(forms.CharField):
    numeric = True

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 25)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)  # a pasted number with dashes must not be cut
        attrs.update({"autocomplete": "off", "spellcheck": "false"})
        if self.numeric:
            attrs["inputmode"] = "numeric"
        return attrs

    def normalize(self, value: str):
        raise NotImplementedError

    def clean(self, value):
        value = super().clean(value)
        return self.normalize(value) if value else value


class CedulaField(_IdentityNumberField):
    default_error_messages = {"required": _("Escriba el número de cédula.")}

    def normalize(self, value: str) -> str:
        return validate_cedula(value)


class RucField(_IdentityNumberField):
    """Cleans to a `Ruc`, so the form knows the RUC's kind and checksum status."""

    default_error_messages = {"required": _("Escriba el número de RUC.")}

    def normalize(self, value: str) -> Ruc:
        return validate_ruc(value)


class PassportField(_IdentityNumberField):
    numeric = False
    default_error_messages = {"required": _("Escriba el número de pasaporte.")}

    def normalize(self, value: str) -> str:
        return validate_passport(value)


class VisaField(_IdentityNumberField):
    numeric = False
    default_error_messages = {"required": _("Escriba el número de visa.")}

    def normalize(self, value: str) -> str:
        return validate_visa(value)


class IessCodeField(_IdentityNumberField):
    numeric = False
    default_error_messages = {
        "required": _("Escriba el código de identificación IESS.")
    }

    def normalize(self, value: str) -> str:
        return validate_iess_code(value)


class MobileField(forms.CharField):
    """Ecuadorian mobile (09XXXXXXXX or +593 9XXXXXXXX), cleaned to +5939XXXXXXXX."""

    default_error_messages = {"required": _("Escriba el número de celular.")}

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "tel", "autocomplete": "tel"})
        return attrs

    def clean(self, value):
        value = super().clean(value)
        return validate_mobile(value) if value else value


class PhoneField(MobileField):
    """Landline or mobile of Ecuador, cleaned to +593…"""

    default_error_messages = {"required": _("Escriba el número de teléfono.")}

    def clean(self, value):
        value = forms.CharField.clean(self, value)
        return validate_phone(value) if value else value


class IdentifiedPersonForm(forms.Form):
    """A form with an identification type and a number checked by that type."""

    id_type_field = "id_type"
    id_number_field = "id_number"

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get(self.id_type_field)
        number = cleaned.get(self.id_number_field)
        if kind and number:
            try:
                cleaned[self.id_number_field] = validate_identification(kind, number)
            except ValidationError as error:
                self.add_error(self.id_number_field, error)
        return cleaned
