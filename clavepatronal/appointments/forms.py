import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from clavepatronal.catalogue.constants import CLAVE_PATRONAL_CODE
from clavepatronal.employers.forms import PowerFilingForm
from clavepatronal.identity.constants import IdentificationType
from clavepatronal.identity.forms import IdentifiedPersonForm, MobileField

from .constants import SLOT_START_FORMAT
from .models import Agency
from .selectors import agency_list, procedure_type_list, province_list


class IdentificationForm(IdentifiedPersonForm):
    """Step b: the cédula, or for a foreigner without one the document the seed's
    requirement lists accept instead."""

    id_type_field = "identification_type"
    id_number_field = "identification"

    identification_type = forms.ChoiceField(
        label=_("Tipo de identificación"),
        choices=IdentificationType.choices,
        initial=IdentificationType.CEDULA,
        widget=forms.RadioSelect,
        help_text=_(
            "Si es extranjero y no tiene cédula de identidad, elija pasaporte, visa o "
            "código de identificación IESS."
        ),
        error_messages={"required": _("Elija el tipo de identificación.")},
    )
    identification = forms.CharField(
        label=_("Número de cédula de ciudadanía o del documento elegido"),
        max_length=25,
        error_messages={"required": _("Escriba el número de identificación.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class ContactForm(forms.Form):
    """Step c: where the code goes, and a mobile number for the agency."""

    email = forms.EmailField(
        label=_("Correo electrónico"),
        help_text=_("Le enviaremos un código de verificación a este correo."),
        error_messages={
            "required": _("Escriba su correo electrónico."),
            "invalid": _(
                "Escriba un correo electrónico válido, por ejemplo nombre@correo.com."
            ),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    mobile = MobileField(
        label=_("Número de contacto celular"),
        help_text=_("Por ejemplo, 0991234567."),
    )


class AgencySearchForm(forms.Form):
    """Step f, first half (GET): province and procedure type."""

    provincia = forms.ModelChoiceField(
        label=_("Provincia"),
        queryset=province_list(),
        to_field_name="code",
        empty_label=_("Seleccione la provincia"),
        error_messages={"required": _("Seleccione la provincia.")},
    )
    tramite = forms.ModelChoiceField(
        label=_("Tipo de trámite"),
        queryset=procedure_type_list(),
        to_field_name="code",
        initial=CLAVE_PATRONAL_CODE,
        empty_label=None,
        error_messages={"required": _("Seleccione el tipo de trámite.")},
    )


class AgencyRadioSelect(forms.RadioSelect):
    option_template_name = "appointments/widgets/agency_option.html"


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> Agency:
        # The option template shows the name and, under it, the address.
        return obj


class AgencyForm(forms.Form):
    """Step f, second half (POST): the agency, among those that handle the
    procedure in that province."""

    agency = AgencyChoiceField(
        label=_("Agencia en la que desea ser atendido"),
        queryset=Agency.objects.none(),
        widget=AgencyRadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Elija la agencia."),
            "invalid_choice": _("Elija una de las agencias de la lista."),
        },
    )

    employer = forms.CharField(
        label=_("RUC del empleador"),
        help_text=_(
            "El RUC con el que el empleador hizo su Registro nuevo empleador. Un "
            "empleador doméstico escribe la cédula con la que se registró."
        ),
        max_length=17,
        error_messages={"required": _("Escriba el RUC (o la cédula) del empleador.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, province, procedure_type, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agency_list(
            province=province, procedure_type=procedure_type
        )
        if procedure_type.code != CLAVE_PATRONAL_CODE:
            # Only a clave patronal turn is for an employer.
            del self.fields["employer"]


class SlotForm(forms.Form):
    """Step g: the chosen start (ISO date and time, local)."""

    inicio = forms.DateTimeField(
        input_formats=[SLOT_START_FORMAT],
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Elija el día y la hora."),
            "invalid": _("Elija el día y la hora."),
        },
    )


class DayForm(forms.Form):
    dia = forms.DateField(input_formats=["%Y-%m-%d"], required=False)

    def day(self) -> datetime.date | None:
        return self.cleaned_data.get("dia") if self.is_valid() else None


class ApplicationForm(forms.Form):
    """Step g on a drawn day: up to three hours, in order, or any hour."""

    hora_1 = forms.ChoiceField(label=_("Hora preferida"), required=False)
    hora_2 = forms.ChoiceField(label=_("Segunda opción"), required=False)
    hora_3 = forms.ChoiceField(label=_("Tercera opción"), required=False)
    cualquier_hora = forms.BooleanField(
        label=_("Acepto cualquier hora libre de ese día"), required=False
    )
    dia = forms.DateField(input_formats=["%Y-%m-%d"], widget=forms.HiddenInput)

    def __init__(self, *args, hours: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— sin preferencia —")), *[(h, h) for h in hours]]
        for name in ("hora_1", "hora_2", "hora_3"):
            self.fields[name].choices = choices

    def clean(self):
        data = super().clean()
        hours = [data.get(f"hora_{n}") for n in (1, 2, 3)]
        data["hours"] = list(dict.fromkeys(h for h in hours if h))
        if not data["hours"] and not data.get("cualquier_hora"):
            raise forms.ValidationError(
                _("Elija al menos una hora o marque «Acepto cualquier hora libre».")
            )
        return data


class ApoderadoPowerForm(PowerFilingForm):
    """The apoderado is the verified person: their document is not typed again."""

    employer = forms.CharField(
        label=_("RUC del empleador (o la cédula del empleador doméstico)"),
        max_length=17,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    field_order = ["employer"]

    def __init__(self, *args, state: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for name, key in (
            ("apoderado_id_type", "identification_type"),
            ("apoderado_identification", "identification"),
        ):
            self.fields[name].disabled = True
            self.fields[name].initial = state[key]
