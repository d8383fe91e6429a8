"""The people pages of Registro nuevo empleador: the legal representative and the
Autorización de Retiro de Contraseña."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clavepatronal.identity.constants import IdentificationType
from clavepatronal.identity.forms import (
    IdentifiedPersonForm,
    MobileField,
)

from ..services.sri_check import sri_representative_refusal
from ..sri import SriResult
from .fields import NameField

_ID_TYPE_HINT = _(
    "Los extranjeros sin cédula pueden usar su pasaporte, su visa o el código de "
    "identificación que les da el IESS."
)


class RepresentativeForm(IdentifiedPersonForm):
    id_type = forms.ChoiceField(
        label=_("Tipo de identificación del representante legal"),
        help_text=_ID_TYPE_HINT,
        choices=IdentificationType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Escoja el tipo de identificación.")},
    )
    id_number = forms.CharField(
        label=_("Número de identificación"),
        max_length=25,
        error_messages={"required": _("Escriba el número de identificación.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    names = NameField(
        label=_("Nombres y apellidos completos del representante legal"),
        error_messages={"required": _("Escriba los nombres y apellidos.")},
    )
    nationality = forms.CharField(
        label=_("Nacionalidad"),
        max_length=60,
        initial=_("Ecuatoriana"),
        error_messages={"required": _("Escriba la nacionalidad.")},
    )
    email = forms.EmailField(
        label=_("Correo electrónico del representante legal"),
        max_length=254,
        error_messages={
            "required": _("Escriba el correo electrónico del representante legal."),
            "invalid": _(
                "Escriba un correo electrónico válido, por ejemplo nombre@dominio.ec."
            ),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    mobile = MobileField(
        label=_("Celular del representante legal"),
        help_text=_(
            "10 dígitos que empiezan con 09, o +593 y 9 dígitos. Ejemplo: 0991234567."
        ),
    )

    def __init__(
        self,
        *args,
        sri: SriResult | None = None,
        same_person: dict[str, str] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        # The SRI's answer about the employer's RUC, when it found the taxpayer.
        self.sri = sri
        # A domestic employer is her own representative: what the employer page
        # already gave is taken from it, never asked again nor changed here.
        self.same_person = same_person and self._same_person_fix(same_person)

    def _same_person_fix(self, employer: dict[str, str]) -> dict[str, str]:
        fixed = {
            "id_type": IdentificationType.CEDULA,
            "id_number": employer["identification"],
            "names": employer["names"],
            "email": employer["email"],
        }
        for name in fixed:
            self.fields[name].widget = forms.HiddenInput()
        if self.is_bound:
            self.data = self.data.copy()
            for name, value in fixed.items():
                self.data[name] = value
        else:
            mobile = employer.get("phone", "").replace(" ", "")
            if not mobile.startswith(("09", "+5939")):
                mobile = self.initial.get("mobile", "")
            self.initial = {"mobile": mobile, **self.initial, **fixed}
        return fixed

    def clean(self):
        cleaned = super().clean()
        number = cleaned.get("id_number")
        if self.sri is not None and number and "id_number" not in self.errors:
            refusal = sri_representative_refusal(self.sri, rep_identification=number)
            if refusal is not None:
                self.add_error("id_number", refusal)
        return cleaned

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


# The seed: the authorized third party shows a cédula, passport or visa.
AUTHORIZED_ID_TYPES = [
    IdentificationType.CEDULA,
    IdentificationType.PASAPORTE,
    IdentificationType.VISA,
]


class AuthorizationForm(IdentifiedPersonForm):
    YES, NO = "SI", "NO"
    authorize = forms.ChoiceField(
        label=_("¿Autoriza a otra persona a retirar la clave patronal en su nombre?"),
        help_text=_(
            "Opcional. Si no puede acudir a la agencia, la persona que autorice aquí "
            "podrá retirar la clave presentando su documento de identidad. Si no "
            "autoriza a nadie, la retira el representante legal."
        ),
        choices=[(YES, _("Sí, autorizo a otra persona")), (NO, _("No"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Responda si autoriza a otra persona.")},
    )
    names = NameField(
        label=_("Nombres y apellidos completos de la persona autorizada"),
        required=False,
    )
    id_type = forms.ChoiceField(
        label=_("Tipo de identificación de la persona autorizada"),
        help_text=_(
            "Cédula, pasaporte o visa: el documento que presentará en la agencia."
        ),
        choices=[
            ("", _("Escoja el tipo")),
            *[(t.value, t.label) for t in AUTHORIZED_ID_TYPES],
        ],
        required=False,
    )
    id_number = forms.CharField(
        label=_("Número de identificación de la persona autorizada"),
        max_length=25,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean(self):
        cleaned = forms.Form.clean(self)
        if cleaned.get("authorize") != self.YES:
            return {
                "authorize": cleaned.get("authorize"),
                "names": "",
                "id_type": "",
                "id_number": "",
            }
        missing = {
            "names": _("Escriba los nombres y apellidos de la persona autorizada."),
            "id_type": _("Escoja el tipo de identificación de la persona autorizada."),
            "id_number": _(
                "Escriba el número de identificación de la persona autorizada."
            ),
        }
        for name, message in missing.items():
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, ValidationError(message, code="required"))
        return super().clean()
