from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .codes import document_code_normalize


class VerificationForm(forms.Form):
    code = forms.CharField(
        label=_("Código del documento"),
        help_text=_(
            "Son 16 letras y números, en grupos de cuatro, impresos junto al código QR "
            "del documento. Por ejemplo: 7K2M-9QXD-4HTR-B8NW."
        ),
        max_length=40,
        error_messages={"required": _("Escriba el código del documento.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "autocapitalize": "characters",
            }
        ),
    )

    def clean_code(self) -> str:
        code = document_code_normalize(self.cleaned_data["code"])
        if code is None:
            raise ValidationError(
                _(
                    "El código debe tener 16 letras y números (los guiones son "
                    "opcionales). Revise que esté bien escrito."
                ),
                code="format",
            )
        return code
