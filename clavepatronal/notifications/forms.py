from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .constants import CODE_DIGITS


class VerificationCodeForm(forms.Form):
    """The 6-digit code from the e-mail, as people type or paste it."""

    code = forms.CharField(
        label=_("Código de verificación"),
        help_text=_(
            "Son los 6 números que le enviamos. Revise también la carpeta de correo "
            "no deseado."
        ),
        max_length=12,
        error_messages={"required": _("Escriba el código que le enviamos por correo.")},
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self) -> str:
        code = "".join(ch for ch in self.cleaned_data["code"] if not ch.isspace())
        if not (len(code) == CODE_DIGITS and code.isascii() and code.isdigit()):
            raise ValidationError(
                _("El código tiene 6 números, sin letras; revíselo."), code="format"
            )
        return code
