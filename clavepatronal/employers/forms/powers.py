"""A notarized power's data: copied by an officer at the desk (PowerForm) or filed
online with its scan («Registro de poder notarial», PowerFilingForm)."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clavepatronal.documents.inspection import CheckedFile, upload_inspect
from clavepatronal.identity.constants import IdentificationType
from clavepatronal.identity.models import Province

from ..services import PowerData


class PowerForm(forms.Form):
    notary = forms.CharField(
        label=_("Notaría"),
        max_length=150,
        help_text=_(
            "Como consta en la escritura, por ejemplo «Notaría Tercera de Quito»."
        ),
    )
    deed_number = forms.CharField(label=_("Número de escritura"), max_length=40)
    granted_on = forms.DateField(
        label=_("Fecha de otorgamiento"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Escriba la fecha como día/mes/año.")},
    )
    apoderado_names = forms.CharField(label=_("Nombres del apoderado"), max_length=200)
    apoderado_id_type = forms.ChoiceField(
        label=_("Tipo de identificación del apoderado"),
        choices=IdentificationType.choices,
    )
    apoderado_identification = forms.CharField(
        label=_("Identificación del apoderado"), max_length=25
    )

    def clean_granted_on(self):
        granted_on = self.cleaned_data["granted_on"]
        if granted_on > timezone.localdate():
            raise ValidationError(_("La fecha de otorgamiento no puede ser futura."))
        return granted_on

    def power_data(self) -> PowerData:
        data = self.cleaned_data
        return PowerData(
            notary=data["notary"],
            deed_number=data["deed_number"],
            granted_on=data["granted_on"],
            apoderado_names=data["apoderado_names"],
            apoderado_id_type=data["apoderado_id_type"],
            apoderado_identification=data["apoderado_identification"],
        )


class PowerFilingForm(PowerForm):
    """Online: the province whose delegado jurídico reviews it, and the scan of the
    notarized deed (PDF or photo, checked as every upload)."""

    province = forms.ModelChoiceField(
        label=_("Provincia de la agencia donde presentará el original"),
        queryset=Province.objects.order_by("name"),
        empty_label=_("Seleccione la provincia"),
        error_messages={"required": _("Seleccione la provincia.")},
    )
    scan = forms.FileField(
        label=_("Escaneo o foto del poder notarial"),
        help_text=_("Un PDF o una foto JPEG legible de la escritura completa."),
        error_messages={"required": _("Cargue el escaneo del poder notarial.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg"}),
    )

    def clean_scan(self) -> CheckedFile:
        upload = self.cleaned_data["scan"]
        upload.seek(0)
        return upload_inspect(
            name=upload.name, data=upload.read(settings.UPLOAD_MAX_BYTES + 1)
        )
