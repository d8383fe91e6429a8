"""Who may receive a clave: the people the Solicitud names, or a stamped apoderado."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.identity.validators import validate_identification

from ..constants import PowerStatus, RecipientRole
from ..models import PowerOfAttorney, Registration


def _same_person(a_type: str, a_number: str, b_type: str, b_number: str) -> bool:
    return a_type == b_type and a_number == b_number


@dataclass(frozen=True)
class Recipient:
    """Who receives the key, named as the Activation records it."""

    recipient_names: str
    recipient_id_type: str
    recipient_identification: str
    recipient_role: str
    power_of_attorney: PowerOfAttorney | None = None


def recipient_representative(registration: Registration) -> Recipient:
    """By link: the legal representative, owner of the verified e-mail."""
    return Recipient(
        recipient_names=registration.rep_names,
        recipient_id_type=registration.rep_id_type,
        recipient_identification=registration.rep_identification,
        recipient_role=RecipientRole.REPRESENTANTE_LEGAL,
    )


_NOT_NAMED = {
    RecipientRole.REPRESENTANTE_LEGAL: gettext_lazy(
        "La identificación no es la del representante legal del registro."
    ),
    RecipientRole.TERCERO_AUTORIZADO: gettext_lazy(
        "La persona no consta en la Autorización de Retiro de Contraseña de la "
        "Solicitud."
    ),
}


def _named_in_solicitud(
    registration: Registration, role: str, id_type: str, identification: str
) -> bool:
    """The representative and the authorized third party are who the Solicitud
    names; an apoderado is checked against the power instead."""
    if role == RecipientRole.REPRESENTANTE_LEGAL:
        return _same_person(
            id_type,
            identification,
            registration.rep_id_type,
            registration.rep_identification,
        )
    if role == RecipientRole.TERCERO_AUTORIZADO:
        return registration.has_authorization and _same_person(
            id_type,
            identification,
            registration.authorized_id_type,
            registration.authorized_identification,
        )
    return True


def recipient_check(
    *,
    registration: Registration,
    names: str,
    id_type: str,
    identification: str,
    role: str,
    power: PowerOfAttorney | None,
) -> Recipient:
    """The person at the desk, checked against the registration.

    The legal representative and the authorized third party must be exactly the
    people the Solicitud names; an apoderado must be the one named in a notarized
    power of this employer that the delegado jurídico has validated and stamped.
    """
    if not all((names, id_type, identification, role)):
        raise ApplicationError(
            _("Indique nombres, identificación y calidad de quien recibe la clave."),
            extra={"code": "recipient_missing"},
        )
    if role not in RecipientRole.values:
        raise ApplicationError(_("La calidad de quien recibe no es válida."))
    try:
        identification = validate_identification(id_type, identification)
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages)) from None
    if not _named_in_solicitud(registration, role, id_type, identification):
        raise ApplicationError(
            str(_NOT_NAMED[role]), extra={"code": "recipient_mismatch"}
        )
    if role == RecipientRole.APODERADO:
        _power_require(
            power=power,
            registration=registration,
            id_type=id_type,
            identification=identification,
        )
    return Recipient(
        recipient_names=names.strip(),
        recipient_id_type=id_type,
        recipient_identification=identification,
        recipient_role=role,
        power_of_attorney=power if role == RecipientRole.APODERADO else None,
    )


def _power_require(
    *,
    power: PowerOfAttorney | None,
    registration: Registration,
    id_type: str,
    identification: str,
) -> None:
    if power is None or power.registration_id != registration.pk:
        raise ApplicationError(
            _("Registre el poder notarial del apoderado antes de emitir la clave."),
            extra={"code": "power_missing"},
        )
    if power.status != PowerStatus.SELLADO:
        raise ApplicationError(
            _(
                "El poder notarial aún no tiene el sello del delegado jurídico; la "
                "clave no se puede entregar al apoderado."
            ),
            extra={"code": "power_not_stamped"},
        )
    if not _same_person(
        id_type, identification, power.apoderado_id_type, power.apoderado_identification
    ):
        raise ApplicationError(
            _("La identificación no es la del apoderado que consta en el poder."),
            extra={"code": "recipient_mismatch"},
        )
