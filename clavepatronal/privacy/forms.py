"""Forms of «Ejercer mis derechos», the officer's answer and the breach register:
they validate and clean; services save and send."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clavepatronal.audit.constants import AuditAction
from clavepatronal.identity.forms import IdentifiedPersonForm, RucField

from .models import PersonIdType, Right

DESCRIPTION_MAX = 3000


class RightsRequestForm(IdentifiedPersonForm):
    """Who asks, about which employer (optional), which right, and what for."""

    right = forms.ChoiceField(
        label=_("¿Qué derecho quiere ejercer?"),
        choices=Right.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Elija el derecho que quiere ejercer.")},
    )
    id_type = forms.ChoiceField(
        label=_("Tipo de identificación"),
        choices=PersonIdType.choices,
        initial=PersonIdType.CEDULA,
        widget=forms.RadioSelect,
        error_messages={"required": _("Elija el tipo de identificación.")},
    )
    id_number = forms.CharField(
        label=_("Número de identificación"),
        max_length=25,
        error_messages={"required": _("Escriba su número de identificación.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    names = forms.CharField(
        label=_("Nombres y apellidos"),
        max_length=200,
        error_messages={"required": _("Escriba sus nombres y apellidos.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Correo electrónico"),
        help_text=_(
            "Le enviaremos un código para comprobar que es suyo, y allí recibirá "
            "la respuesta."
        ),
        max_length=254,
        error_messages={
            "required": _("Escriba su correo electrónico."),
            "invalid": _("Escriba un correo válido, por ejemplo nombre@ejemplo.com."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    employer_ruc = RucField(
        label=_("RUC del empleador (opcional)"),
        help_text=_("Solo si su solicitud es sobre los datos de un empleador."),
        required=False,
    )
    description = forms.CharField(
        label=_("Describa su solicitud"),
        help_text=_(
            "Qué datos, qué quiere que hagamos y, si pide una corrección, cuál es "
            "el dato correcto."
        ),
        max_length=DESCRIPTION_MAX,
        error_messages={"required": _("Describa lo que solicita.")},
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    id_type_field = "id_type"
    id_number_field = "id_number"

    def clean_names(self) -> str:
        names = " ".join(self.cleaned_data["names"].split())
        if len(names) < 3:
            raise ValidationError(_("Escriba sus nombres y apellidos completos."))
        return names

    def clean_description(self) -> str:
        text = self.cleaned_data["description"].strip()
        if len(text) < 10:
            raise ValidationError(_("Cuéntenos un poco más: al menos 10 caracteres."))
        return text

    def clean_employer_ruc(self) -> str:
        ruc = self.cleaned_data.get("employer_ruc")
        return str(ruc) if ruc else ""


class PortalRightsRequestForm(RightsRequestForm):
    """The same form for an employer signed in to the portal: the e-mail and the
    employer come from the account, so neither is asked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["email"]
        del self.fields["employer_ruc"]


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Respuesta para la persona"),
        help_text=_("Se le enviará tal cual por correo electrónico."),
        max_length=6000,
        error_messages={"required": _("Escriba la respuesta para la persona.")},
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    decision = forms.ChoiceField(
        label=_("Decisión"),
        choices=[
            ("responder", _("Responder (atendida)")),
            ("rechazar", _("Rechazar, con el motivo escrito arriba")),
        ],
        initial="responder",
        widget=forms.RadioSelect,
    )


class BreachForm(forms.Form):
    title = forms.CharField(label=_("Título"), max_length=200)
    discovered_at = forms.DateTimeField(
        label=_("Descubierto el (fecha y hora)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    description = forms.CharField(
        label=_("Qué pasó"), max_length=6000, widget=forms.Textarea(attrs={"rows": 4})
    )
    data_concerned = forms.CharField(
        label=_("Datos afectados"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    window_start = forms.DateTimeField(
        label=_("Eventos desde"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    window_end = forms.DateTimeField(
        label=_("Eventos hasta"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    actor_username = forms.CharField(
        label=_("Usuario involucrado (opcional)"), max_length=150, required=False
    )
    ip = forms.GenericIPAddressField(label=_("Dirección IP (opcional)"), required=False)
    actions = forms.MultipleChoiceField(
        label=_("Acciones del registro de auditoría (opcional: todas si no elige)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions"].choices = AuditAction.choices

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("window_start"), cleaned.get("window_end")
        if start and end and end < start:
            self.add_error(
                "window_end", _("El final del periodo no puede ser antes del inicio.")
            )
        return cleaned
