import re
import unicodedata

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.utils import ErrorDict, ErrorList
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clavepatronal.catalogue.constants import CLAVE_PATRONAL_CODE, AppliesTo
from clavepatronal.catalogue.models import ProcedureType
from clavepatronal.documents.constants import RevocationCheck, UploadKind
from clavepatronal.documents.inspection import upload_inspect
from clavepatronal.documents.signatures import SignatureRefused, signature_verify
from clavepatronal.employers.models import Registration
from clavepatronal.employers.selectors import registration_active_get
from clavepatronal.identity.constants import IdentificationType
from clavepatronal.identity.forms import IdentifiedPersonForm, MobileField
from clavepatronal.identity.models import Province
from clavepatronal.identity.validators import (
    identification_compact,
    validate_cedula,
    validate_ruc,
)
from clavepatronal.observability import record

from .constants import MESSAGE_MAX_LENGTH, SIGNED_REQUIREMENTS, ForeignDocument
from .selectors import RequirementSlot
from .services import Upload

NAMES_MAX_LENGTH = 200
EXTERIOR_CODE = "30"  # the Registro Civil's code for «Exterior»


def spanish_sort_key(text: str) -> str:
    """Dictionary order: accents ignored, ñ after n (Cañar before Carchi)."""
    text = text.lower().replace("ñ", "n\x7f")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Control characters other than tab and line breaks never belong in a message.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ApplicantForm(IdentifiedPersonForm):
    """*Recepción de trámites*, first page: who asks, for which employer, what."""

    id_type = forms.ChoiceField(
        label=gettext_lazy("Tipo de identificación"),
        choices=IdentificationType.choices,
        initial=IdentificationType.CEDULA,
    )
    id_number = forms.CharField(
        label=gettext_lazy("Número de identificación"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    names = forms.CharField(
        label=gettext_lazy("Nombres y apellidos"),
        max_length=NAMES_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "max_length": gettext_lazy(
                "Escriba como máximo %(limit_value)d caracteres (escribió "
                "%(show_value)d). Si su nombre es más largo, use sus dos nombres y "
                "sus dos apellidos sin abreviar el resto."
            )
        },
    )
    email = forms.EmailField(
        label=gettext_lazy("Correo electrónico"),
        help_text=gettext_lazy("Le enviaremos el número de trámite y las novedades."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    mobile = MobileField(label=gettext_lazy("Celular"))
    employer = forms.CharField(
        label=gettext_lazy("RUC del empleador o cédula del empleador doméstico"),
        help_text=gettext_lazy(
            "El RUC, 13 dígitos. El empleador doméstico no necesita RUC: escriba "
            "su cédula, 10 dígitos."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    province = forms.ModelChoiceField(
        label=gettext_lazy("Provincia"),
        # «Exterior» has no agency and no officer: the trámite would go nowhere.
        queryset=Province.objects.exclude(code=EXTERIOR_CODE),
        empty_label=gettext_lazy("Elija la provincia"),
        help_text=gettext_lazy(
            "La provincia donde está registrado el empleador. Si usted vive en el "
            "exterior, elija esa provincia: allí se revisa su trámite."
        ),
    )
    procedure_type = forms.ModelChoiceField(
        label=gettext_lazy("Trámite"),
        queryset=ProcedureType.objects.filter(is_active=True),
        empty_label=gettext_lazy("Elija el trámite"),
    )
    message = forms.CharField(
        label=gettext_lazy("Detalle su pedido"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Texto simple, hasta 1000 caracteres."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # No maxlength in the page: the browser would cut a long name without a
        # word; the server says what is wrong instead.
        self.fields["names"].widget.attrs.pop("maxlength", None)
        province = self.fields["province"]
        province.choices = [("", province.empty_label)] + sorted(
            ((p.pk, p.name) for p in province.queryset),
            key=lambda choice: spanish_sort_key(choice[1]),
        )

    def clean_employer(self) -> str:
        number = identification_compact(self.cleaned_data["employer"])
        if len(number) == 10:
            return validate_cedula(number)
        return validate_ruc(number).number

    def clean_message(self) -> str:
        return CONTROL_CHARACTERS.sub("", self.cleaned_data["message"]).strip()

    def clean(self):
        cleaned = super().clean()
        procedure_type = cleaned.get("procedure_type")
        employer = cleaned.get("employer")
        registration = None
        if employer:
            registration = registration_active_get(identification=employer)
        if (
            procedure_type
            and employer
            and procedure_type.code == CLAVE_PATRONAL_CODE
            and registration is None
        ):
            self.add_error(
                "employer",
                _(
                    "No encontramos un Registro nuevo empleador para %(number)s. Haga "
                    "primero el Registro nuevo empleador: allí obtiene la Solicitud y "
                    "el Acuerdo que el representante legal debe firmar."
                )
                % {"number": employer},
            )
        cleaned["registration"] = registration
        return cleaned


class AttachmentsForm(forms.Form):
    """*Anexe todos los requisitos*: one upload per requirement that applies, each
    checked by its content (and its electronic signature) the moment it arrives.
    A requirement whose file the draft already `kept` needs a file only to replace
    it; a correction (`correction=True`) adds the applicant's note."""

    def __init__(
        self,
        *args,
        slots: list[RequirementSlot],
        registration: Registration | None,
        refusals: dict | None = None,
        kept: dict | None = None,
        correction: bool = False,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kept = kept or {}
        self.slots = {slot.code: slot for slot in slots}
        self.registration = registration
        self.refusals = refusals or {}
        self.uploads: list[Upload] = []
        limit = settings.UPLOAD_MAX_BYTES
        for slot in slots:
            self.fields[slot.code] = forms.FileField(
                label=slot.name,
                required=slot.required and slot.code not in self.kept,
                help_text=" ".join(filter(None, [slot.help_text, slot.why])),
                allow_empty_file=True,  # inspect_upload says "vacío" in our words
                error_messages={
                    "required": _("Cargue el archivo: %(name)s.") % {"name": slot.name}
                },
                widget=forms.FileInput(
                    attrs={
                        "accept": ".pdf,.jpg,.jpeg,application/pdf,image/jpeg",
                        "data-max-bytes": limit,
                        "data-max-label": filesizeformat(limit),
                    }
                ),
            )
            if slot.applies_to == AppliesTo.SIN_CEDULA:
                self.fields["foreign_document"] = forms.ChoiceField(
                    label=_("¿Qué documento carga en lugar de la cédula?"),
                    choices=ForeignDocument.choices,
                    widget=forms.RadioSelect,
                )

        if correction:
            self.fields["note"] = forms.CharField(
                label=_("Respuesta a las observaciones (opcional)"),
                required=False,
                max_length=MESSAGE_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def refusal(self) -> dict:
        """What this refused send said and chose, to show again after its redirect
        (the files that passed are kept by the draft, not here)."""
        return {
            "errors": self.errors.get_json_data(),
            "choices": {
                name: self.data[name]
                for name, field in self.fields.items()
                if not isinstance(field, forms.FileField) and name in self.data
            },
        }

    def refusal_show(self, refusal: dict) -> None:
        """An unbound form that shows a refused send's messages and choices."""
        self.initial.update(refusal.get("choices", {}))
        self._errors = ErrorDict(renderer=self.renderer)
        for name, kept in refusal.get("errors", {}).items():
            if name == NON_FIELD_ERRORS:
                errors = self.error_class(
                    error_class="nonfield", renderer=self.renderer
                )
            elif name in self.fields:
                errors = self.error_class(
                    renderer=self.renderer, field_id=self[name].auto_id
                )
            else:
                continue
            errors.extend(ValidationError(e["message"], code=e["code"]) for e in kept)
            self._errors[name] = errors

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        # A file refused while it was read shows why, instead of "falta el archivo".
        for name, error in self.refusals.items():
            if name in self.slots:
                self._errors.pop(name, None)
                self.add_error(name, error)
            else:
                self.add_error(None, error)
        self._refusals_count()

    def _refusals_count(self) -> None:
        """Each file refused, by its refusal's code (a missing file is not one)."""
        for name in self.slots:
            for error in self.errors.get(name, ErrorList()).as_data():
                if error.code != "required":
                    record.upload_refused(reason=error.code or "other")

    def clean(self):
        cleaned = super().clean()
        for code, slot in self.slots.items():
            upload = cleaned.get(code)
            if code in self.refusals or not upload:
                continue
            try:
                self.uploads.append(self._checked(slot, upload))
            except ValidationError as error:
                self.add_error(code, error)
        return cleaned

    def _checked(self, slot: RequirementSlot, upload) -> Upload:
        upload.seek(0)
        data = upload.read(settings.UPLOAD_MAX_BYTES + 1)
        checked = upload_inspect(name=upload.name, data=data)
        report = None
        if slot.signed:
            if checked.kind != UploadKind.PDF:
                raise ValidationError(
                    _(
                        "«%(name)s» es una imagen. La %(requirement)s debe ser el PDF "
                        "firmado electrónicamente, no una foto ni un escaneo."
                    )
                    % {"name": upload.name, "requirement": slot.name},
                    code="signed_not_pdf",
                )
            document = getattr(self.registration, SIGNED_REQUIREMENTS[slot.code])
            try:
                report = signature_verify(
                    data=checked.content,
                    document=document,
                    identification=self.registration.rep_identification,
                    ruc=self.registration.employer_identification,
                ).as_dict()
            except SignatureRefused as refused:
                raise ValidationError(refused.message, code=refused.code) from None
            if report.get("revocation") == RevocationCheck.UNVERIFIED:
                record.signature_revocation_unchecked()
        return Upload(
            requirement_code=slot.code,
            requirement_name=slot.name,
            file=checked,
            signature_report=report,
        )


class StatusLookupForm(forms.Form):
    number = forms.CharField(
        label=gettext_lazy("Número de trámite"),
        max_length=20,
        help_text=gettext_lazy("Por ejemplo, VV-2026-000123."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    identification = forms.CharField(
        label=gettext_lazy("Identificación de quien presentó el trámite"),
        max_length=25,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_number(self) -> str:
        return self.cleaned_data["number"].strip().upper()

    def clean_identification(self) -> str:
        return identification_compact(self.cleaned_data["identification"])
