"""Fields the registration pages share: names, and the domestic employer's cédula."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clavepatronal.identity.forms import CedulaField
from clavepatronal.identity.validators import identification_compact, validate_ruc


class DomesticIdentificationField(CedulaField):
    """A cédula; a RUC typed here cleans to a `Ruc`, so the form can say which
    sector fits it instead."""

    def normalize(self, value: str):
        number = identification_compact(value)
        if len(number) == 13 and number.isdigit():
            try:
                return validate_ruc(number)
            except ValidationError:
                pass
        return super().normalize(value)


class NameField(forms.CharField):
    """A name up to 200 characters. No maxlength attribute: a browser would cut a
    longer pasted name silently; the server says how long it is instead."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)
        self.error_messages["max_length"] = _(
            "Escriba como máximo %(limit_value)d caracteres (tiene %(show_value)d). "
            "Use las abreviaturas de su RUC o de su documento, por ejemplo «Cía. "
            "Ltda.»."
        )

    def widget_attrs(self, widget) -> dict:
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs
