"""Forms of the portal del empleador: login, activation, clave, e-mail, recovery."""

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clavepatronal.documents.codes import code_normalize, document_code_normalize
from clavepatronal.documents.constants import UploadKind
from clavepatronal.documents.inspection import CheckedFile, upload_inspect
from clavepatronal.employers.constants import ACTIVATION_CODE_LENGTH
from clavepatronal.identity.forms import MobileField
from clavepatronal.identity.validators import identification_compact


class EmployerIdentificationField(forms.CharField):
    """The account's username as people type it: RUC (13 digits) or, for a
    domestic employer, cédula (10). Only the shape is checked here; whether an
    account exists is never told by a form."""

    default_error_messages = {
        "required": _("Escriba el RUC o la cédula del empleador."),
        "shape": _("Escriba el RUC (13 números) o la cédula (10 números), sin letras."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("RUC o cédula del empleador"))
        kwargs.setdefault(
            "help_text",
            _("La cédula solo si es empleador de trabajador/a del hogar."),
        )
        kwargs.setdefault("max_length", 25)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        attrs.update(
            {"inputmode": "numeric", "autocomplete": "username", "spellcheck": "false"}
        )
        return attrs

    def clean(self, value):
        value = identification_compact(super().clean(value))
        if not (value.isascii() and value.isdigit() and len(value) in (10, 13)):
            raise ValidationError(self.error_messages["shape"], code="shape")
        return value


def _password_field(label, autocomplete: str, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(
            attrs={"autocomplete": autocomplete, "spellcheck": "false"}
        ),
    )


class LoginForm(forms.Form):
    # Field names are django-axes' defaults: it reads the username from the
    # credentials and never logs the password.
    username = EmployerIdentificationField()
    password = _password_field(_("Clave"), "current-password")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].error_messages["required"] = _("Escriba su clave.")


class ActivationCodeForm(forms.Form):
    identification = EmployerIdentificationField()
    code = forms.CharField(
        label=_("Código de activación"),
        help_text=_(
            "Está impreso en el Acta de entrega de clave patronal: 12 letras y "
            "números, por ejemplo ABCD-EFGH-JK12."
        ),
        max_length=30,
        error_messages={"required": _("Escriba el código de activación.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self) -> str:
        code = code_normalize(self.cleaned_data["code"], length=ACTIVATION_CODE_LENGTH)
        if code is None:
            raise ValidationError(
                _("El código tiene 12 letras y números; revíselo en el Acta."),
                code="shape",
            )
        return code


class ClaveSetForm(forms.Form):
    """A new clave, twice, checked by AUTH_PASSWORD_VALIDATORS for this user."""

    new_password1 = _password_field(
        _("Nueva clave patronal"),
        "new-password",
        _(
            "Al menos 10 caracteres. No use una clave común ni una que contenga el "
            "RUC, la cédula, el correo o los nombres."
        ),
    )
    new_password2 = _password_field(_("Repita la nueva clave"), "new-password")

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].error_messages["required"] = _(
            "Escriba la nueva clave."
        )
        self.fields["new_password2"].error_messages["required"] = _(
            "Escriba otra vez la nueva clave."
        )

    def clean(self):
        cleaned = super().clean()
        first = cleaned.get("new_password1")
        second = cleaned.get("new_password2")
        if first and second and first != second:
            self.add_error(
                "new_password2", _("Las dos claves no coinciden; escríbalas de nuevo.")
            )
        elif first:
            try:
                password_validation.validate_password(first, self.user)
            except ValidationError as error:
                self.add_error("new_password1", error)
        return cleaned


def _current_password_check(form: forms.Form, user) -> str:
    current = form.cleaned_data["current_password"]
    if not user.check_password(current):
        raise ValidationError(
            _("La clave actual no es correcta."), code="password_incorrect"
        )
    return current


class ClaveChangeForm(ClaveSetForm):
    current_password = _password_field(_("Clave actual"), "current-password")
    field_order = ["current_password", "new_password1", "new_password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["current_password"].error_messages["required"] = _(
            "Escriba su clave actual."
        )

    def clean_current_password(self) -> str:
        return _current_password_check(self, self.user)


class EmailChangeForm(forms.Form):
    email = forms.EmailField(
        label=_("Nuevo correo electrónico"),
        help_text=_("Le enviaremos un código a este correo para confirmarlo."),
        error_messages={
            "required": _("Escriba el nuevo correo electrónico."),
            "invalid": _("Escriba un correo válido, por ejemplo nombre@ejemplo.ec."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    current_password = _password_field(
        _("Clave actual"),
        "current-password",
        _("Por seguridad, confirme que es usted."),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["current_password"].error_messages["required"] = _(
            "Escriba su clave actual."
        )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email == (self.user.email or "").lower():
            raise ValidationError(
                _("Ese ya es el correo de su cuenta; escriba otro."), code="same"
            )
        return email

    def clean_current_password(self) -> str:
        return _current_password_check(self, self.user)


class RecoveryForm(forms.Form):
    identification = EmployerIdentificationField()
    rep_identification = forms.CharField(
        label=_("Identificación del representante legal"),
        help_text=_(
            "El número de cédula, pasaporte, visa o código IESS que consta en el "
            "registro del empleador."
        ),
        max_length=25,
        error_messages={
            "required": _("Escriba la identificación del representante legal.")
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_rep_identification(self) -> str:
        return identification_compact(self.cleaned_data["rep_identification"])


class SignedRecoveryForm(forms.Form):
    """«Recuperar con firma electrónica», step 1: what the Solicitud de
    restablecimiento will say. Nothing here is checked against our records."""

    identification = EmployerIdentificationField()
    email = forms.EmailField(
        label=_("Correo electrónico nuevo"),
        help_text=_(
            "Allí enviaremos el enlace para elegir la nueva clave. Será el correo de "
            "contacto de la cuenta cuando elija la clave."
        ),
        error_messages={
            "required": _("Escriba el correo electrónico nuevo."),
            "invalid": _("Escriba un correo válido, por ejemplo nombre@ejemplo.ec."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    email_again = forms.EmailField(
        label=_("Repita el correo electrónico nuevo"),
        error_messages={
            "required": _("Escriba otra vez el correo electrónico nuevo."),
            "invalid": _("Escriba un correo válido, por ejemplo nombre@ejemplo.ec."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    mobile = MobileField(
        label=_("Celular"),
        help_text=_("Solo por si un servidor del IESS necesita comunicarse con usted."),
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("email"), cleaned.get("email_again")
        if first and second and first != second.strip().lower():
            self.add_error(
                "email_again",
                _("Los dos correos no coinciden; escríbalos de nuevo."),
            )
        return cleaned


class SignedRecoveryUploadForm(forms.Form):
    """«Recuperar con firma electrónica», step 2: the signed PDF, by the code printed
    on it. `refusals` are the upload handler's (documents.uploads)."""

    code = forms.CharField(
        label=_("Código de la solicitud"),
        help_text=_(
            "Está en la parte superior de la solicitud: 16 letras y números, por "
            "ejemplo ABCD-EFGH-JKMN-PQRS."
        ),
        max_length=40,
        error_messages={"required": _("Escriba el código de la solicitud.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )
    signed = forms.FileField(
        label=_("Solicitud firmada electrónicamente (PDF)"),
        help_text=_("El PDF tal como quedó al firmarlo, de hasta 1 MB."),
        allow_empty_file=True,  # upload_inspect says «vacío» in our words
        error_messages={"required": _("Cargue la solicitud firmada.")},
        widget=forms.FileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def __init__(self, *args, refusals: dict | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.refusals = refusals or {}

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        # A file refused while it arrived says why, not «cargue la solicitud».
        for error in self.refusals.values():
            self._errors.pop("signed", None)
            self.cleaned_data.pop("signed", None)
            self.add_error("signed", error)

    def clean_code(self) -> str:
        code = document_code_normalize(self.cleaned_data["code"])
        if code is None:
            raise ValidationError(
                _("El código tiene 16 letras y números; revíselo en la solicitud."),
                code="shape",
            )
        return code

    def clean_signed(self) -> CheckedFile:
        upload = self.cleaned_data["signed"]
        upload.seek(0)
        checked = upload_inspect(
            name=upload.name, data=upload.read(settings.UPLOAD_MAX_BYTES + 1)
        )
        if checked.kind != UploadKind.PDF:
            raise ValidationError(
                _(
                    "«%(name)s» es una imagen. Cargue el PDF de la solicitud firmado "
                    "electrónicamente, no una foto ni un escaneo."
                )
                % {"name": upload.name},
                code="signed_not_pdf",
            )
        return checked
