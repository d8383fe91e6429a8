from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from clavepatronal.catalogue.constants import (
    CLAVE_PATRONAL_CODE,
    CLAVE_RESET_CODE,
    CLAVE_RESET_REQUIREMENT,
    AppliesTo,
    Channel,
)
from clavepatronal.catalogue.models import ProcedureType, Requirement
from clavepatronal.catalogue.selectors import requirement_list
from clavepatronal.employers.constants import EmployerIdType, Sector
from clavepatronal.employers.models import Registration
from clavepatronal.employers.selectors import registration_named_person
from clavepatronal.identity.constants import IdentificationType

from .constants import (
    GENERIC_ATTACHMENT,
    RUC_REQUIREMENT,
    SIGNED_REQUIREMENTS,
    TramiteStatus,
)
from .models import Attachment, Observation, Tramite


@dataclass(frozen=True)
class RequirementSlot:
    """One upload the form asks for, and the line that says why it applies."""

    code: str
    name: str
    help_text: str
    why: str
    required: bool
    signed: bool
    applies_to: str = AppliesTo.TODOS


def _applies(requirement: Requirement, registration: Registration) -> str | None:
    """Why this requirement applies to this employer; None when it does not. The
    reason names no registration data: whoever typed the numbers may be a stranger."""
    has_cedula = registration.rep_id_type == IdentificationType.CEDULA
    if (
        requirement.code == RUC_REQUIREMENT
        and registration.employer_id_type == EmployerIdType.CEDULA
    ):
        return None  # a domestic employer registered with a cédula has no RUC
    match requirement.applies_to:
        case AppliesTo.CON_CEDULA if has_cedula:
            return _("Se pide cuando el representante legal se identifica con cédula.")
        case AppliesTo.SIN_CEDULA if not has_cedula:
            return _(
                "Se pide cuando el representante legal no tiene cédula ecuatoriana: "
                "cargue uno de estos documentos."
            )
        case AppliesTo.ARTESANO if registration.sector == Sector.ARTESANO:
            return _("Se pide a los artesanos calificados.")
        case AppliesTo.TODOS:
            if requirement.code in SIGNED_REQUIREMENTS:
                return _(
                    "Debe llevar la firma electrónica del representante legal "
                    "registrado: la verificamos en cuanto lo carga."
                )
            return _("Se pide a todos los empleadores.")
    return None


def _reset_slot(procedure_type: ProcedureType) -> RequirementSlot:
    """The one file of a signed reset: the Solicitud de restablecimiento."""
    requirement = requirement_list(
        procedure_type=procedure_type, channel=Channel.VIRTUAL
    ).first()
    return RequirementSlot(
        code=CLAVE_RESET_REQUIREMENT,
        name=requirement.name if requirement else CLAVE_RESET_REQUIREMENT,
        help_text=requirement.help_text if requirement else "",
        why=_(
            "Debe llevar la firma electrónica del representante legal registrado; "
            "vea abajo lo que encontró la verificación."
        ),
        required=True,
        # Checked when it arrived (its report is kept with the file); a file sent
        # as a correction is only inspected: the officer reads it.
        signed=False,
    )


def tramite_requirement_slots(
    *, procedure_type: ProcedureType, registration: Registration | None
) -> list[RequirementSlot]:
    """The uploads this procedure asks of this employer, only those that apply."""
    if procedure_type.code == CLAVE_RESET_CODE:
        return [_reset_slot(procedure_type)]
    if procedure_type.code != CLAVE_PATRONAL_CODE:
        return [
            RequirementSlot(
                code=GENERIC_ATTACHMENT,
                name=_("Documento de respaldo (opcional)"),
                help_text=_("Un solo archivo PDF o JPG que respalde su pedido."),
                why=_(
                    "Este trámite no tiene requisitos publicados; puede adjuntar uno."
                ),
                required=False,
                signed=False,
            )
        ]
    slots = []
    for requirement in requirement_list(
        procedure_type=procedure_type, channel=Channel.VIRTUAL
    ):
        why = _applies(requirement, registration) if registration else None
        if why is None:
            continue
        slots.append(
            RequirementSlot(
                code=requirement.code,
                name=requirement.name,
                help_text=requirement.help_text,
                why=why,
                required=True,
                signed=requirement.code in SIGNED_REQUIREMENTS,
                applies_to=requirement.applies_to,
            )
        )
    return slots


def tramite_get(*, number: str) -> Tramite | None:
    return (
        Tramite.objects.filter(number=number)
        .select_related("procedure_type", "province", "registration")
        .first()
    )


def tramite_by_form_token(*, form_token: str) -> Tramite | None:
    return Tramite.objects.filter(form_token=form_token).first()


def tramite_for_applicant(*, number: str, identification: str) -> Tramite | None:
    """The trámite when both match; None for a wrong number or identification alike."""
    return (
        Tramite.objects.filter(
            number=number.strip().upper(), applicant_identification=identification
        )
        .select_related("procedure_type", "province")
        .first()
    )


def tramite_detail(*, tramite: Tramite) -> Tramite:
    """The trámite with its current files, observations and history, in few queries."""
    return (
        Tramite.objects.filter(pk=tramite.pk)
        .select_related(
            "procedure_type", "province", "registration", "clave_reset__document"
        )
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=Attachment.objects.filter(is_current=True),
                to_attr="current_attachments",
            ),
            Prefetch(
                "observations",
                queryset=Observation.objects.order_by("round", "created"),
                to_attr="all_observations",
            ),
            "history",
        )
        .get()
    )


def observations_open(*, tramite: Tramite) -> list[Observation]:
    """The observations of the last round, still to be corrected."""
    return list(
        Observation.objects.filter(tramite=tramite, resolved_at__isnull=True).order_by(
            "created"
        )
    )


def applicant_is_party(
    *, registration: Registration | None, id_type: str, identification: str
) -> bool:
    """Whether the applicant is a person the registration names: the legal
    representative, the authorized person of the Solicitud, or an apoderado whose
    power the delegado jurídico has stamped."""
    return registration is not None and (
        registration_named_person(
            registration=registration, identification=identification, stamped_only=True
        )
        is not None
    )


def employer_tramite_list(*, identification: str) -> QuerySet[Tramite]:
    """The trámites of one employer (RUC or cédula), newest first: those its own
    people filed and those it confirmed; a stranger's filing never reaches it."""
    return (
        Tramite.objects.filter(employer_identification=identification)
        .filter(Q(filed_by_party=True) | Q(employer_confirmed_at__isnull=False))
        .select_related("procedure_type", "province")
        .order_by("-created")
    )


def employer_tramite_get(*, identification: str, number: str) -> Tramite | None:
    return (
        employer_tramite_list(identification=identification)
        .filter(number=str(number).upper())
        .first()
    )


def observation_round_open(*, tramite: Tramite) -> int | None:
    """The round an observed trámite waits on (its correction link's round)."""
    if tramite.status != TramiteStatus.OBSERVADO:
        return None
    return (
        Observation.objects.filter(tramite=tramite, resolved_at__isnull=True)
        .order_by("-round")
        .values_list("round", flat=True)
        .first()
    )


def correction_slots(
    *, tramite: Tramite, pending: list[Observation]
) -> list[RequirementSlot]:
    """The uploads a correction asks for: one per observed requirement that has a
    current file, with the officer's observation as the reason."""
    observed_files = set(
        tramite.attachments.filter(is_current=True).values_list(
            "requirement_code", flat=True
        )
    )
    return [
        RequirementSlot(
            code=observation.requirement_code,
            name=observation.requirement_name,
            help_text="",
            why=observation.text,
            required=True,
            signed=observation.requirement_code in SIGNED_REQUIREMENTS,
        )
        for observation in pending
        if observation.requirement_code in observed_files
    ]
