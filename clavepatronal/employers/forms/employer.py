"""The first pages of Registro nuevo empleador: the sector, and the employer (whose
RUC the SRI confirms); the sector decides what is asked."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clavepatronal.identity.constants import RucKind
from clavepatronal.identity.forms import (
    PhoneField,
    RucField,
)
from clavepatronal.identity.models import Province
from clavepatronal.identity.validators import (
    Ruc,
    identification_compact,
    validate_cedula,
)

from ..constants import SECTOR_HINTS, Sector
from ..services.sri_check import sri_employer_refusal
from ..sri import SriResult
from .fields import DomesticIdentificationField, NameField

_ARTISAN_NUMBER = re.compile(r"[A-Z0-9][A-Z0-9\-/]{2,29}")


class SectorForm(forms.Form):
    sector = forms.ChoiceField(
        label=_("Escoja el sector al que pertenece su empresa"),
        choices=[
            (value, f"{label}. {SECTOR_HINTS[value]}")
            for value, label in Sector.choices
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Escoja el sector del empleador.")},
    )


_NAME_FROM_SRI_HINT = _(
    "Al continuar consultamos su RUC en el SRI y usamos la razón social que tiene "
    "registrada. Si el SRI no responde, usamos la que escriba aquí."
)


class EmployerForm(forms.Form):
    """The employer's data. A RUC is looked up at the SRI when the page is sent
    (the view does it, `sri` is its answer): the form refuses what the answer does
    not allow and takes the razón social from it, shown read-only."""

    identification = RucField(
        label=_("RUC del empleador"),
        help_text=_("Los 13 dígitos del Registro Único de Contribuyentes."),
    )
    business_name = NameField(
        label=_("Razón social"),
        error_messages={"required": _("Escriba la razón social del empleador.")},
    )
    main_activity = forms.CharField(
        label=_("Actividad económica principal"),
        help_text=_("Como consta en el RUC. Por ejemplo: venta al por menor de ropa."),
        max_length=200,
        error_messages={"required": _("Escriba la actividad principal del empleador.")},
    )
    artisan_number = forms.CharField(
        label=_("Número de calificación artesanal"),
        help_text=_(
            "Como consta en su calificación de la Junta Nacional de Defensa del "
            "Artesano."
        ),
        max_length=30,
        error_messages={"required": _("Escriba el número de calificación artesanal.")},
    )
    artisan_expiry = forms.DateField(
        label=_("Fecha de vencimiento de la calificación artesanal"),
        help_text=_("Por ejemplo: 31/12/2027."),
        input_formats=["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _(
                "Escriba la fecha de vencimiento de la calificación artesanal."
            ),
            "invalid": _("Escriba una fecha válida, por ejemplo 31/12/2027."),
        },
    )
    province = forms.ModelChoiceField(
        label=_("Provincia"),
        queryset=Province.objects.exclude(code="30"),
        empty_label=_("Escoja la provincia"),
        error_messages={
            "required": _("Escoja la provincia del domicilio del empleador.")
        },
    )
    canton = forms.CharField(
        label=_("Cantón"),
        max_length=80,
        error_messages={"required": _("Escriba el cantón.")},
    )
    address = forms.CharField(
        label=_("Dirección"),
        help_text=_("Calle principal, número y calle secundaria."),
        max_length=250,
        error_messages={"required": _("Escriba la dirección del empleador.")},
    )
    phone = PhoneField(
        label=_("Teléfono"),
        help_text=_(
            "Fijo con código de provincia (02 234 5678) o celular (0991234567)."
        ),
    )
    email = forms.EmailField(
        label=_("Correo electrónico del empleador"),
        help_text=_(
            "Debe ser un correo activo: le enviaremos un código para confirmarlo, y "
            "por este correo recibirá los formularios y la clave."
        ),
        max_length=254,
        error_messages={
            "required": _("Escriba el correo electrónico del empleador."),
            "invalid": _(
                "Escriba un correo electrónico válido, por ejemplo nombre@dominio.ec."
            ),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(
        self,
        *args,
        sector: str,
        sri: SriResult | None = None,
        sri_names: dict[str, str] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.sector = sector
        self.sri = sri
        # The razones sociales the SRI gave in this registration, by RUC: a name of
        # another RUC's answer is never carried over to this one.
        self.sri_names = sri_names or {}
        # The RUC typed on this page, once cleaned: the one to ask the SRI about.
        self.typed_ruc: str | None = None
        if sector == Sector.DOMESTICO:
            self.fields["identification"] = DomesticIdentificationField(
                label=_("Número de cédula del empleador"),
                help_text=_("Los 10 dígitos de su cédula. No necesita RUC."),
            )
            self.fields["business_name"].label = _("Nombres y apellidos completos")
            self.fields["business_name"].error_messages["required"] = _(
                "Escriba sus nombres y apellidos."
            )
            del self.fields["main_activity"]
        elif sector == Sector.ARTESANO:
            self.fields["business_name"].label = _("Nombres y apellidos completos")
            self.fields["identification"].help_text = _(
                "Su RUC de persona natural: 13 dígitos, el tercero de 0 a 5."
            )
        elif sector == Sector.PUBLICO:
            self.fields["business_name"].label = _("Nombre de la entidad pública")
            self.fields["main_activity"].help_text = _(
                "Como consta en el RUC. Por ejemplo: administración pública en general."
            )
            self.fields["identification"].help_text = _(
                "El RUC de la entidad: 13 dígitos, el tercero es 6."
            )
        else:
            self.fields["business_name"].label = _("Razón social o nombres completos")
        if sector != Sector.ARTESANO:
            del self.fields["artisan_number"]
            del self.fields["artisan_expiry"]
        if sector != Sector.DOMESTICO:
            self._business_name_from_sri()

    def _business_name_from_sri(self) -> None:
        field = self.fields["business_name"]
        field.required = False  # the SRI's, or asked for when the SRI is silent
        source = self.data if self.is_bound else self.initial
        typed = identification_compact(source.get("identification"))
        answer = self.sri_answer(typed)
        if answer is None or not answer.is_found:
            field.help_text = _NAME_FROM_SRI_HINT
            self._drop_other_rucs_name(typed)
            return
        # The SRI's name, as long as the SRI has it: nothing the person cannot edit
        # may fail validation.
        field.max_length = None
        field.validators = [
            v for v in field.validators if not isinstance(v, MaxLengthValidator)
        ]
        field.widget.attrs["readonly"] = True
        field.widget.attrs["data-sri-name-for"] = "id_identification"
        field.help_text = _(
            "Como consta en el SRI para este RUC. Si no es correcta, actualícela en "
            "el SRI."
        )
        if self.is_bound:
            self.data = self.data.copy()
            self.data["business_name"] = answer.razon_social
        else:
            self.initial = {**self.initial, "business_name": answer.razon_social}

    def _drop_other_rucs_name(self, typed: str) -> None:
        """A name the SRI gave for another RUC (shown read-only when that RUC was
        typed) is not this RUC's: it is cleared, and the person is asked for it."""
        others = {
            name.strip().casefold()
            for ruc, name in self.sri_names.items()
            if ruc != typed
        }
        name = (self.data if self.is_bound else self.initial).get("business_name")
        if not name or str(name).strip().casefold() not in others:
            return
        if self.is_bound:
            self.data = self.data.copy()
            self.data["business_name"] = ""
        else:
            self.initial = {**self.initial, "business_name": ""}

    def sri_answer(self, ruc: str | None = None) -> SriResult | None:
        """The SRI's answer, if it is about this RUC (the typed one by default)."""
        ruc = ruc or self.typed_ruc
        return self.sri if self.sri is not None and self.sri.ruc == ruc else None

    def ruc_typed(self) -> str | None:
        """The RUC the person typed, if it is a valid one (validates the form)."""
        self.is_valid()
        return self.typed_ruc

    def clean_identification(self) -> str:
        value = self.cleaned_data["identification"]
        if isinstance(value, Ruc):
            self.typed_ruc = value.number
        if self.sector == Sector.DOMESTICO:
            if not isinstance(value, Ruc):
                return value
            answer = self.sri_answer()
            refusal = answer and sri_employer_refusal(answer, sector=self.sector)
            if refusal:
                raise refusal
            return validate_cedula(value.number)  # says a cédula has 10 digits
        kind = value.kind
        if self.sector == Sector.PUBLICO and kind != RucKind.ENTIDAD_PUBLICA:
            raise ValidationError(
                _(
                    "Para el sector público el RUC debe ser de una entidad pública: su "
                    "tercer dígito es 6."
                ),
                code="sector",
            )
        if self.sector == Sector.PRIVADO and kind == RucKind.ENTIDAD_PUBLICA:
            raise ValidationError(
                _(
                    "Este RUC es de una entidad pública (tercer dígito 6). Vuelva y "
                    "escoja el sector público, o revise el RUC."
                ),
                code="sector",
            )
        if self.sector == Sector.ARTESANO and kind != RucKind.PERSONA_NATURAL:
            raise ValidationError(
                _(
                    "El artesano calificado se registra con su RUC de persona natural: "
                    "el tercer dígito es de 0 a 5."
                ),
                code="sector",
            )
        return value.number

    def clean(self):
        cleaned = super().clean()
        answer = self.sri_answer()
        if self.sector == Sector.DOMESTICO or answer is None:
            return cleaned  # no RUC, or not asked yet: the view asks
        refusal = sri_employer_refusal(answer, sector=self.sector)
        if refusal is not None:
            self.add_error("identification", refusal)
        elif answer.is_found:
            cleaned["business_name"] = answer.razon_social
        elif not cleaned.get("business_name") and "business_name" not in self.errors:
            self.add_error(
                "business_name",
                ValidationError(
                    _(
                        "El SRI no responde en este momento. Escriba la razón social "
                        "como consta en su RUC: el IESS la verificará con el SRI."
                    ),
                    code="required",
                ),
            )
        return cleaned

    @property
    def business_name_from_sri(self) -> bool:
        answer = self.sri_answer()
        return answer is not None and answer.is_found

    def clean_artisan_number(self) -> str:
        value = self.cleaned_data["artisan_number"].strip().upper().replace(" ", "")
        if not _ARTISAN_NUMBER.fullmatch(value):
            raise ValidationError(
                _(
                    "El número de calificación artesanal solo puede tener letras, "
                    "números, guiones y barras (de 3 a 30 caracteres)."
                ),
                code="format",
            )
        return value

    def clean_artisan_expiry(self):
        value = self.cleaned_data["artisan_expiry"]
        if value < timezone.localdate():
            raise ValidationError(
                _(
                    "La calificación artesanal venció el %(date)s. Renuévela antes de "
                    "registrarse como artesano calificado."
                ),
                code="expired",
                params={"date": value.strftime("%d/%m/%Y")},
            )
        return value

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()
