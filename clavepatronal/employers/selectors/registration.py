from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.identity.validators import identification_compact, phone_display

from ..constants import (
    PowerStatus,
    RecipientRole,
    RegistrationStatus,
    Sector,
    SriStatus,
)
from ..models import PowerOfAttorney, Registration, RegistrationDraft


def registration_active_get(*, identification: str) -> Registration | None:
    return (
        Registration.objects.filter(
            employer_identification=identification, status=RegistrationStatus.ACTIVO
        )
        .select_related("province")
        .first()
    )


def registration_get(*, number: str) -> Registration | None:
    return (
        Registration.objects.filter(number=number)
        .select_related("province", "solicitud", "acuerdo")
        .first()
    )


def registrations_sri_unverified() -> list[int]:
    """Active registrations the SRI has not answered for, oldest first."""
    return list(
        Registration.objects.filter(
            status=RegistrationStatus.ACTIVO, sri_status=SriStatus.NO_VERIFICADO
        )
        .order_by("created")
        .values_list("pk", flat=True)
    )


def email_masked(email: str) -> str:
    """juan.perez@gmail.com → j********@gmail.com: enough to recognise, not to learn."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}{'*' * max(len(local) - 1, 3)}@{domain}"


def answers_summary(forms: dict) -> list[dict]:
    """Rows for *Revise sus datos*: each page's answers as the person will read them."""
    sections = []
    for slug, form in forms.items():
        rows = []
        data = form.cleaned_data
        if slug == "autorizacion" and data.get("authorize") != form.YES:
            rows.append((form["authorize"].label, _("No autoriza a otra persona")))
        else:
            for name, field in form.fields.items():
                value = data.get(name)
                if name == "sector":
                    value = Sector(value).label
                elif hasattr(field, "choices") and not hasattr(field, "queryset"):
                    value = dict(field.choices).get(value, value)
                elif hasattr(value, "strftime"):
                    value = value.strftime("%d/%m/%Y")
                elif name in {"phone", "mobile"}:
                    value = phone_display(value)
                elif name == "business_name" and form.business_name_from_sri:
                    value = _("%(name)s (según el SRI)") % {"name": value}
                rows.append(
                    (field.label, str(value) if value not in (None, "") else "—")
                )
        sections.append({"slug": slug, "rows": rows})
    return sections


@dataclass(frozen=True)
class NamedPerson:
    """A person the registration names, in the role it names them."""

    role: str  # a RecipientRole value
    names: str
    id_type: str
    identification: str


def registration_named_person(
    *, registration: Registration, identification: str, stamped_only: bool = False
) -> NamedPerson | None:
    """The legal representative, the person in the Autorización de Retiro de
    Contraseña, or an apoderado with a notarized power on file for this employer
    (not rejected; one filed online, only once stamped), whose number is
    `identification`; None for anyone else.

    The number is the person: the document type it was typed with does not matter.
    With `stamped_only`, an apoderado counts only once the delegado jurídico has
    stamped the power.
    """
    number = identification_compact(identification)
    if not number:
        return None
    if identification_compact(registration.rep_identification) == number:
        return NamedPerson(
            RecipientRole.REPRESENTANTE_LEGAL,
            registration.rep_names,
            registration.rep_id_type,
            registration.rep_identification,
        )
    if (
        registration.has_authorization
        and identification_compact(registration.authorized_identification) == number
    ):
        return NamedPerson(
            RecipientRole.TERCERO_AUTORIZADO,
            registration.authorized_names,
            registration.authorized_id_type,
            registration.authorized_identification,
        )
    powers = (
        PowerOfAttorney.objects.filter(
            registration=registration, apoderado_identification=number
        )
        .exclude(status=PowerStatus.RECHAZADO)
        # Filed online by anyone: it names the apoderado only once stamped.
        .exclude(filed_online=True, status=PowerStatus.PENDIENTE)
    )
    if stamped_only:
        powers = powers.filter(status=PowerStatus.SELLADO)
    power = powers.order_by("-created").first()
    if power is not None:
        return NamedPerson(
            RecipientRole.APODERADO,
            power.apoderado_names,
            power.apoderado_id_type,
            power.apoderado_identification,
        )
    return None


def registration_draft_get(*, key: str) -> RegistrationDraft | None:
    """The draft under `key`, unless it expired."""
    return RegistrationDraft.objects.filter(
        key=key, expires_at__gt=timezone.now()
    ).first()
