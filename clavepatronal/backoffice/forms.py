import datetime

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from clavepatronal.catalogue.constants import CLAVE_RESET_CODE
from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.employers.constants import RecipientRole
from clavepatronal.identity.constants import IdentificationType
from clavepatronal.procedures.constants import TramiteStatus

from .constants import Role
from .selectors.audit import ROLE_EMPLOYER, ROLE_NONE


class StaffLoginForm(forms.Form):
    username = forms.CharField(
        label=_("Usuario"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Contraseña"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class StaffCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Código de verificación"),
        help_text=_("Los 6 dígitos que muestra su aplicación de autenticación."),
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
            }
        ),
    )


AGE_CHOICES = [
    ("", _("Cualquier antigüedad")),
    ("1", _("Más de 1 día")),
    ("3", _("Más de 3 días")),
    ("7", _("Más de 7 días")),
]


class QueueFilterForm(forms.Form):
    estado = forms.ChoiceField(
        label=_("Estado"),
        required=False,
        choices=[("", _("Todos los estados")), *TramiteStatus.choices],
    )
    tramite = forms.ModelChoiceField(
        label=_("Trámite"),
        required=False,
        # The signed resets are filed by the portal, not chosen: listed here too.
        queryset=ProcedureType.objects.filter(
            Q(is_active=True) | Q(code=CLAVE_RESET_CODE)
        ),
        empty_label=_("Todos los trámites"),
    )
    antiguedad = forms.ChoiceField(
        label=_("Antigüedad"), required=False, choices=AGE_CHOICES
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo del rechazo"),
        help_text=_("El solicitante lo recibe por correo electrónico."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ObserveForm(forms.Form):
    """One optional text per requirement uploaded, and a general one."""

    general = forms.CharField(
        label=_("Observación general (opcional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, requirements: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.requirement_fields = []
        for code, name in requirements:
            key = f"req_{code}"
            self.fields[key] = forms.CharField(
                label=name,
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.requirement_fields.append((key, code))

    def clean(self):
        cleaned = super().clean()
        items = {
            code: cleaned.get(key, "").strip()
            for key, code in self.requirement_fields
            if cleaned.get(key, "").strip()
        }
        if not items and not cleaned.get("general", "").strip():
            raise forms.ValidationError(
                _("Escriba al menos una observación: por requisito o general.")
            )
        cleaned["items"] = items
        return cleaned


class TurnFindForm(forms.Form):
    codigo = forms.CharField(
        label=_("Código del turno"),
        help_text=_(
            "Escríbalo como está en la confirmación (con o sin guiones), o lea "
            "el código QR."
        ),
        max_length=80,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters"}
        ),
    )


class ArrivalForm(forms.Form):
    """Registrar llegada: the document of the person presenting the turn."""

    presented_id_type = forms.ChoiceField(
        label=_("Documento que presenta"),
        choices=IdentificationType.choices,
        initial=IdentificationType.CEDULA,
    )
    presented_identification = forms.CharField(
        label=_("Número del documento original que presenta"),
        max_length=25,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class EmployerFindForm(forms.Form):
    identification = forms.CharField(
        label=_("RUC del empleador (o cédula, si es empleador doméstico)"),
        max_length=13,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class IssueForm(forms.Form):
    """The physical checklist and who collects the key."""

    checklist = forms.MultipleChoiceField(
        label=_("Requisitos verificados físicamente"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    signatures = forms.BooleanField(
        label=_(
            "La Solicitud y el Acuerdo tienen la firma manuscrita del representante "
            "legal."
        ),
        required=False,
    )
    recipient_role = forms.ChoiceField(
        label=_("¿Quién retira la clave?"),
        choices=RecipientRole.choices,
        widget=forms.RadioSelect,
    )
    recipient_names = forms.CharField(
        label=_("Nombres de quien retira"), max_length=200
    )
    recipient_id_type = forms.ChoiceField(
        label=_("Tipo de identificación"), choices=IdentificationType.choices
    )
    recipient_identification = forms.CharField(
        label=_("Número de identificación"), max_length=25
    )
    identity_checked = forms.BooleanField(
        label=_("Vi el documento de identificación original de quien retira."),
        required=False,
    )
    power = forms.TypedChoiceField(
        label=_("Poder notarial sellado"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, requirements, powers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checklist"].choices = requirements
        self.fields["power"].choices = [("", _("— ninguno —"))] + [
            (p.pk, f"{p.deed_number} · {p.apoderado_names} · {p.stamp_display}")
            for p in powers
        ]


class PowerRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo del rechazo"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# Dates outside these years are typing mistakes (and would overflow a datetime).
FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)
_DATE_ERRORS = {"invalid": gettext_lazy("Escriba una fecha válida (día/mes/año).")}


class PeriodForm(forms.Form):
    """A period of local days, both included; either end may be left open."""

    desde = forms.DateField(
        label=gettext_lazy("Desde"),
        required=False,
        error_messages=_DATE_ERRORS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    hasta = forms.DateField(
        label=gettext_lazy("Hasta"),
        required=False,
        error_messages=_DATE_ERRORS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def _day_check(self, name: str) -> datetime.date | None:
        day = self.cleaned_data.get(name)
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise forms.ValidationError(
                gettext_lazy("Escriba una fecha entre los años 2000 y 2100.")
            )
        return day

    def clean_desde(self):
        return self._day_check("desde")

    def clean_hasta(self):
        return self._day_check("hasta")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("desde"), cleaned.get("hasta")
        if start and end and start > end:
            raise forms.ValidationError(
                gettext_lazy("La fecha «desde» es posterior a la fecha «hasta».")
            )
        return cleaned


TABLES = [
    ("tramites", gettext_lazy("Trámites por estado y provincia")),
    ("turnos", gettext_lazy("Turnos por agencia")),
    ("tiempos", gettext_lazy("Tiempo hasta la emisión de la clave")),
]


class ReportForm(PeriodForm):
    formato = forms.ChoiceField(
        required=False,
        choices=[("", "HTML"), ("csv", "CSV")],
        widget=forms.HiddenInput,
    )
    tabla = forms.ChoiceField(
        label=gettext_lazy("Tabla"),
        required=False,
        choices=[("", "—"), *TABLES],
        widget=forms.HiddenInput,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("formato") == "csv" and not cleaned.get("tabla"):
            raise forms.ValidationError(
                gettext_lazy("Indique qué tabla descargar en CSV.")
            )
        return cleaned


ROLE_CHOICES = [
    ("", gettext_lazy("Todos los roles")),
    *Role.choices,
    (ROLE_EMPLOYER, gettext_lazy("Empleador")),
    (ROLE_NONE, gettext_lazy("Sin cuenta (ciudadano o sistema)")),
]


class AuditFilterForm(PeriodForm):
    accion = forms.CharField(
        label=gettext_lazy("Acción"),
        help_text=gettext_lazy(
            "Elija una de la lista o escriba el comienzo, p. ej. «tramite.»"
        ),
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs={"list": "acciones", "autocomplete": "off"}),
    )
    actor = forms.CharField(
        label=gettext_lazy("Usuario o actor"), required=False, max_length=150
    )
    objeto = forms.CharField(
        label=gettext_lazy("Objeto"),
        help_text=gettext_lazy(
            "Identificador, número de trámite, código de turno o de registro."
        ),
        required=False,
        max_length=64,
    )
    rol = forms.ChoiceField(
        label=gettext_lazy("Rol"), required=False, choices=ROLE_CHOICES
    )
    ip = forms.GenericIPAddressField(
        label=gettext_lazy("Dirección IP"),
        required=False,
        error_messages={
            "invalid": gettext_lazy("Escriba una dirección IPv4 o IPv6 válida.")
        },
    )
