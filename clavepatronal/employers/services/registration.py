"""Registro nuevo empleador: confirm the e-mail, produce both documents, record it."""

import datetime
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields

from django.conf import settings
from django.core import signing
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.core.addresses import public_url
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.documents.codes import code_grouped, document_code_new, random_code
from clavepatronal.documents.constants import DocumentKind
from clavepatronal.documents.services import (
    generated_document_create,
    generated_documents_atomic,
)
from clavepatronal.identity.models import Province
from clavepatronal.notifications.constants import VerificationPurpose
from clavepatronal.notifications.models import EmailVerification
from clavepatronal.notifications.services import (
    Attachment,
    VerificationError,
    email_send,
    email_verification_confirm,
    email_verification_start,
)
from clavepatronal.observability import record

from ..constants import DOMESTIC_ACTIVITY, EmployerIdType, Sector, SriStatus
from ..models import Registration
from ..pdfs import acuerdo_pdf, solicitud_pdf
from ..selectors import registration_active_get
from .sri_check import registration_sri_check, registration_sri_recorded


class RegistrationExists(ApplicationError):
    """The employer already has an active registration: no second one."""


def _registration_number_new() -> str:
    return f"RE-{timezone.localdate():%Y}-{random_code(8)}"


def _verification_url(code: str) -> str:
    return public_url("documents:verify_code", code=code)


@dataclass(frozen=True)
class RegistrationData:
    """What a Registro nuevo empleador says, cleaned (RegistrationDraft.cleaned()).

    The employer's identification is its RUC, or the cédula of a domestic employer.
    """

    sector: str
    employer_identification: str
    business_name: str
    province: Province
    canton: str
    address: str
    phone: str
    email: str
    rep_id_type: str
    rep_identification: str
    rep_names: str
    rep_nationality: str
    rep_email: str
    rep_mobile: str
    main_activity: str = ""
    artisan_number: str = ""
    artisan_expiry: datetime.date | None = None
    authorized_names: str = ""
    authorized_id_type: str = ""
    authorized_identification: str = ""


def registration_build(*, data: RegistrationData) -> Registration:
    """An unsaved Registration, with its number, from what the person declared."""
    fields = {}
    for field in dataclass_fields(data):
        value = getattr(data, field.name)
        fields[field.name] = value.strip() if isinstance(value, str) else value
    if data.sector == Sector.DOMESTICO:
        fields["main_activity"] = str(DOMESTIC_ACTIVITY)
    return Registration(
        number=_registration_number_new(),
        employer_id_type=(
            EmployerIdType.CEDULA
            if data.sector == Sector.DOMESTICO
            else EmployerIdType.RUC
        ),
        **fields,
    )


def _already_registered(identification: str) -> RegistrationExists:
    return RegistrationExists(
        _(
            "Este empleador ya tiene un registro activo. No necesita registrarse de "
            "nuevo: puede descargar otra vez los formularios."
        ),
        extra={"identification": identification},
    )


def registration_email_code_send(
    *, identification: str, email: str
) -> EmailVerification:
    """Step before submitting: mail the code that proves the e-mail is active."""
    if registration_active_get(identification=identification) is not None:
        raise _already_registered(identification)
    with record.code_sending(purpose=VerificationPurpose.REGISTRO_EMPLEADOR):
        return email_verification_start(
            purpose=VerificationPurpose.REGISTRO_EMPLEADOR,
            subject=identification,
            email=email,
            mail_subject=_(
                "Código para confirmar su correo — Registro nuevo empleador"
            ),
            template_name="verification_code",
            context={"purpose_label": _("Registro nuevo empleador")},
        )


def registration_email_code_confirm(
    *, identification: str, email: str, verification_id: int, code: str
) -> datetime.datetime:
    """The e-mailed code, for exactly this employer and address: when it was used."""
    verification = email_verification_confirm(
        verification_id=verification_id, code=code
    )
    if (
        verification.purpose != VerificationPurpose.REGISTRO_EMPLEADOR
        or verification.subject != identification
        or verification.email != email
    ):
        raise VerificationError(
            _("El código no corresponde a estos datos. Solicite un código nuevo.")
        )
    return verification.used_at


def registration_complete(
    *, data: RegistrationData, verification_id: int, code: str
) -> Registration:
    """Confirm the e-mailed code for exactly these answers, then create."""
    verified_at = registration_email_code_confirm(
        identification=data.employer_identification,
        email=data.email,
        verification_id=verification_id,
        code=code,
    )
    return registration_create(data=data, email_verified_at=verified_at)


def _documents_draw(registration: Registration) -> dict:
    """Both forms, each with its new document code: kind → (code, PDF bytes)."""
    documents = {}
    for kind, draw in (
        (DocumentKind.SOLICITUD_CLAVE, solicitud_pdf),
        (DocumentKind.ACUERDO_RESPONSABILIDAD, acuerdo_pdf),
    ):
        code_value = document_code_new()
        documents[kind] = (
            code_value,
            draw(
                registration=registration,
                code_display=code_grouped(code_value),
                verification_url=_verification_url(code_value),
            ),
        )
    return documents


def registration_create(
    *, data: RegistrationData, email_verified_at: datetime.datetime
) -> Registration:
    """Store the registration with both documents, or nothing.

    The SRI is asked and the PDFs are drawn before the transaction starts, so the
    write lock is held only for the inserts. A second registration for the same
    employer, even one racing this one, is refused by the database's partial unique
    index. The SRI's answer is recorded, not enforced: the wizard refused what it
    does not allow, and an answer that changed since is for the officer to see.
    """
    registration = registration_build(data=data)
    registration.email_verified_at = email_verified_at
    if registration_active_get(identification=registration.employer_identification):
        raise _already_registered(registration.employer_identification)
    # Before the documents are drawn: the razón social on them is the SRI's.
    sri_result = registration_sri_check(registration=registration)

    documents = _documents_draw(registration)
    try:
        with generated_documents_atomic():
            for kind, field in (
                (DocumentKind.SOLICITUD_CLAVE, "solicitud"),
                (DocumentKind.ACUERDO_RESPONSABILIDAD, "acuerdo"),
            ):
                code_value, content = documents[kind]
                document = generated_document_create(
                    code=code_value,
                    kind=kind,
                    holder_identification=registration.employer_identification,
                    holder_name=registration.business_name,
                    content=content,
                    holder_unverified=(
                        registration.sri_status == SriStatus.NO_VERIFICADO
                    ),
                )
                setattr(registration, field, document)
            registration.full_clean(validate_constraints=False)
            registration.save()
            audit_event_record(
                action=AuditAction.REGISTRO_CREADO,
                target=registration,
                actor_label=f"ciudadano {registration.rep_identification}",
                data={"sector": registration.sector, "email": registration.email},
            )
            registration_sri_recorded(registration=registration, result=sri_result)
            _completion_email_send(registration=registration, documents=documents)
    except IntegrityError:
        # Only the partial unique index can fail here: another submission won the race.
        if registration_active_get(identification=registration.employer_identification):
            raise _already_registered(registration.employer_identification) from None
        raise
    return registration


def _completion_email_send(*, registration: Registration, documents: dict) -> None:
    filenames = registration_document_filenames(registration=registration)
    # «Continuar en la ventanilla virtual»: only this mailbox gets the link that
    # shows the registration's data there (procedures.links reads it, same salt).
    continue_token = signing.dumps(
        {"g": registration.number}, salt="procedures.continuar"
    )
    email_send(
        to=registration.email,
        subject=_("Registro nuevo empleador %(number)s: sus formularios")
        % {"number": registration.number},
        template_name="registro_completado",
        context={
            "registration": registration,
            "base_url": settings.PUBLIC_BASE_URL,
            "ventanilla_url": public_url("procedures:continue", token=continue_token),
        },
        attachments=[
            Attachment(filenames[kind], content, "application/pdf")
            for kind, (_code, content) in documents.items()
        ],
    )


def registration_document_filenames(*, registration: Registration) -> dict[str, str]:
    identification = registration.employer_identification
    return {
        DocumentKind.SOLICITUD_CLAVE: f"solicitud-entrega-clave-{identification}.pdf",
        DocumentKind.ACUERDO_RESPONSABILIDAD: (
            f"acuerdo-responsabilidad-{identification}.pdf"
        ),
    }


def registration_download_code_send(*, registration: Registration) -> EmailVerification:
    """Way forward for a duplicate: prove the e-mail on file, then download again."""
    with record.code_sending(purpose=VerificationPurpose.DESCARGA_REGISTRO):
        return email_verification_start(
            purpose=VerificationPurpose.DESCARGA_REGISTRO,
            subject=registration.employer_identification,
            email=registration.email,
            mail_subject=_("Código para descargar sus formularios — Clave Patronal"),
            template_name="verification_code",
            context={"purpose_label": _("Descarga de formularios del registro")},
        )


def registration_download_code_confirm(
    *, registration: Registration, verification_id: int, code: str
) -> None:
    verification = email_verification_confirm(
        verification_id=verification_id, code=code
    )
    if (
        verification.purpose != VerificationPurpose.DESCARGA_REGISTRO
        or verification.subject != registration.employer_identification
    ):
        raise VerificationError(
            _("El código no corresponde a este registro. Solicite un código nuevo.")
        )
    audit_event_record(
        action=AuditAction.REGISTRO_ACCESO_CONFIRMADO,
        target=registration,
        actor_label=f"correo {registration.email}",
    )
