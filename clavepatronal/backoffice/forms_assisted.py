"""«Turno asistido»: who the turn is for (and the officer's proof), then the hour."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clavepatronal.appointments.constants import SLOT_START_FORMAT, TurnChannel
from clavepatronal.appointments.models import Agency
from clavepatronal.appointments.selectors import CalendarDay, procedure_type_list
from clavepatronal.catalogue.constants import CLAVE_PATRONAL_CODE
from clavepatronal.identity.constants import IdentificationType
from clavepatronal.identity.forms import IdentifiedPersonForm, MobileField

from .selectors.assisted import OfficerDesk


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return f"{obj.name} ({obj.province.name})"


class AssistedPersonForm(IdentifiedPersonForm):
    """The person (present or calling), the employer for a clave turn, optional
    contact data and, at the counter, the original document seen (by phone the
    code comes next: AssistedCodeForm). The booking service checks it all again."""

    id_type_field = "identification_type"
    id_number_field = "identification"

    tramite = forms.ModelChoiceField(
        label=_("Trámite"),
        queryset=procedure_type_list(),
        to_field_name="code",
        initial=CLAVE_PATRONAL_CODE,
        empty_label=None,
        error_messages={"required": _("Elija el trámite.")},
    )
    agencia = AgencyChoiceField(
        label=_("Agencia"),
        queryset=Agency.objects.filter(is_active=True)
        .select_related("province")
        .order_by("province__name", "name"),
        empty_label=_("Elija la agencia"),
        error_messages={
            "required": _("Elija la agencia."),
            "invalid_choice": _("Elija una agencia de la lista."),
        },
    )
    identification_type = forms.ChoiceField(
        label=_("Tipo de identificación de la persona"),
        choices=IdentificationType.choices,
        initial=IdentificationType.CEDULA,
    )
    identification = forms.CharField(
        label=_("Número de identificación de la persona"),
        max_length=25,
        error_messages={"required": _("Escriba el número de identificación.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    employer = forms.CharField(
        label=_("RUC del empleador (o cédula, si es empleador doméstico)"),
        help_text=_(
            "Solo para Clave patronal: la persona debe figurar en el Registro nuevo "
            "empleador activo (representante legal, persona autorizada o apoderado)."
        ),
        required=False,
        max_length=17,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("Correo electrónico de la persona (opcional)"),
        help_text=_(
            "Si tiene correo, recibe allí la confirmación con el enlace para cancelar "
            "o reprogramar. Si no, se le entrega la confirmación impresa."
        ),
        required=False,
        error_messages={
            "invalid": _("Escriba un correo válido, por ejemplo nombre@correo.com.")
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    mobile = MobileField(
        label=_("Celular de la persona (opcional)"),
        help_text=_("Por ejemplo, 0991234567."),
        required=False,
    )
    document_seen = forms.BooleanField(
        label=_("Vi el documento original de identidad de la persona"),
        help_text=_("Cédula, pasaporte o visa original y vigente, con este número."),
        error_messages={
            "required": _(
                "Vea el documento de identidad original de la persona y marque «Vi el "
                "documento original»: sin eso no se reserva en ventanilla."
            )
        },
    )

    def __init__(self, *args, desk: OfficerDesk, **kwargs):
        super().__init__(*args, **kwargs)
        self.desk = desk
        if desk.channel == TurnChannel.VENTANILLA:
            del self.fields["agencia"]
        else:
            del self.fields["document_seen"]

    def clean(self):
        cleaned = super().clean()
        procedure = cleaned.get("tramite")
        is_clave = procedure is not None and procedure.code == CLAVE_PATRONAL_CODE
        if is_clave and not cleaned.get("employer", "").strip():
            self.add_error("employer", _("Escriba el RUC (o la cédula) del empleador."))
        if not is_clave:
            cleaned["employer"] = ""
        cleaned["agency"] = self.desk.agency or cleaned.get("agencia")
        return cleaned


class AssistedCodeForm(forms.Form):
    """By phone: the code sent to the registration's e-mail, as the caller reads it."""

    code = forms.CharField(
        label=_("Código que la persona le leyó"),
        help_text=_("Los 6 números que llegaron al correo del registro del empleador."),
        max_length=12,
        error_messages={"required": _("Escriba el código que la persona le leyó.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = "".join(ch for ch in self.cleaned_data["code"] if ch.isdigit())
        if not code:
            raise forms.ValidationError(_("El código tiene solo números."))
        return code


class AssistedSlotForm(forms.Form):
    """The hour of an order-of-arrival day, among its free ones."""

    inicio = forms.ChoiceField(
        label=_("Hora"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Elija una hora."),
            "invalid_choice": _("Esa hora ya no está libre. Elija otra."),
        },
    )

    def __init__(self, *args, day: CalendarDay, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inicio"].label = _("Hora del %(day)s") % {"day": day.label}
        self.fields["inicio"].choices = [
            (
                slot.value,
                ngettext(
                    "%(time)s (%(free)d lugar libre)",
                    "%(time)s (%(free)d lugares libres)",
                    slot.free,
                )
                % {"time": slot.time_label, "free": slot.free},
            )
            for slot in day.slots
        ]

    def clean_inicio(self) -> datetime.datetime:
        start = datetime.datetime.strptime(
            self.cleaned_data["inicio"], SLOT_START_FORMAT
        )
        return timezone.make_aware(start, timezone.get_default_timezone())
