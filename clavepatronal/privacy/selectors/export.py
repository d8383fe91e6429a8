"""«Mis datos» (LOPDP Arts. 13 and 17): everything the system holds about one
employer and the people its registration names, as plain data that the JSON and
the PDF are written from. A fixed number of queries whatever the employer's size:
every list is one query (or one prefetch), never one per row.

What is left out, and why: the officers who acted (their identity is the IESS's
internal matter, see docs/datos-personales.md; «Quién consultó mis datos» names
their role and unit), trámites filed by someone the registration does not name
and the employer never confirmed (another person's data), the bodies of e-mails
(they carry one-time links) and any secret (only hashes are stored anyway)."""

import datetime

from django.db.models import CharField, Prefetch, Q, QuerySet
from django.db.models.functions import Cast

from clavepatronal.appointments.models import (
    Turn,
    TurnApplication,
    WaitlistEntry,
    WaitlistOffer,
)
from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.models import AuditEvent
from clavepatronal.documents.models import GeneratedDocument
from clavepatronal.employers.models import (
    Activation,
    ClaveResetRequest,
    EmployerAccount,
    PowerOfAttorney,
    Registration,
)
from clavepatronal.notifications.models import OutboxEmail
from clavepatronal.procedures.models import Attachment, Observation, StatusChange
from clavepatronal.procedures.selectors import employer_tramite_list

from .export_rows import (
    row_account,
    row_application,
    row_registration,
    row_tramite,
    row_turn,
    row_waitlist_entry,
    when,
)

SCHEMA_VERSION = "1.0"


def employer_registrations(*, identification: str) -> QuerySet[Registration]:
    """Every registration the RUC (or cédula) ever had: the active one and its
    history, with their powers of attorney."""
    return (
        Registration.objects.filter(employer_identification=identification)
        .select_related("province")
        .prefetch_related(
            Prefetch(
                "powers",
                queryset=PowerOfAttorney.objects.defer("scan").select_related(
                    "province"
                ),
            )
        )
        .order_by("created", "pk")
    )


def employer_tramites_full(*, identification: str):
    """The employer's trámites with every file (replaced ones too), history and
    observation: four queries in all."""
    return (
        employer_tramite_list(identification=identification)
        .order_by("created", "pk")
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("created")),
            Prefetch("history", queryset=StatusChange.objects.order_by("created")),
            Prefetch(
                "observations",
                queryset=Observation.objects.order_by("round", "created"),
            ),
        )
    )


def employer_turns(*, identification: str) -> QuerySet[Turn]:
    return (
        Turn.objects.filter(employer_identification=identification)
        .select_related("slot__agency", "procedure_type")
        .order_by("slot__starts_at", "code")
    )


def employer_applications(*, identification: str) -> QuerySet[TurnApplication]:
    return (
        TurnApplication.objects.filter(employer_identification=identification)
        .select_related("agency", "procedure_type", "turn")
        .order_by("created", "pk")
    )


def employer_waitlist_entries(*, identification: str) -> QuerySet[WaitlistEntry]:
    return (
        WaitlistEntry.objects.filter(employer_identification=identification)
        .select_related("agency", "procedure_type")
        .prefetch_related(
            Prefetch(
                "offers",
                queryset=WaitlistOffer.objects.select_related("slot", "turn").order_by(
                    "created", "pk"
                ),
            )
        )
        .order_by("created", "pk")
    )


def employer_documents(*, identification: str) -> QuerySet[GeneratedDocument]:
    """The PDFs generated for the employer, without their bytes."""
    return (
        GeneratedDocument.objects.filter(holder_identification=identification)
        .only("code", "kind", "size", "sha256", "created")
        .order_by("created", "pk")
    )


def _ids(queryset: QuerySet) -> QuerySet:
    """The primary keys as the audit trail stores them (text), as a subquery."""
    return queryset.order_by().values_list(Cast("pk", CharField()), flat=True)


def account_events(*, account: EmployerAccount) -> list[dict]:
    """The account's trail: the registration, activation, logins and logouts,
    changes of clave and e-mail, recoveries. An officer's address is not the
    employer's data: only the employer's own actions keep theirs."""
    identification = account.identification
    events = (
        AuditEvent.objects.filter(
            Q(target_type="employers.employeraccount", target_id=str(account.pk))
            | Q(
                target_type="employers.activation",
                target_id__in=_ids(Activation.objects.filter(account=account)),
            )
            | Q(
                target_type="employers.registration",
                target_id__in=_ids(
                    Registration.objects.filter(employer_identification=identification)
                ),
            )
            | Q(
                target_type="employers.claveresetrequest",
                target_id__in=_ids(
                    ClaveResetRequest.objects.filter(
                        registration__employer_identification=identification
                    )
                ),
            )
        )
        .select_related("actor")
        .order_by("created", "pk")
    )
    return [
        {
            "at": when(event.created),
            "action": event.action,
            "label": str(_action_label(event.action)),
            "by_staff": bool(event.actor and event.actor.is_staff),
            "ip": None if event.actor and event.actor.is_staff else event.ip,
        }
        for event in events
    ]


def _action_label(action: str) -> str:
    try:
        return AuditAction(action).label
    except ValueError:
        return action


def sri_lookups(*, identification: str, registrations: list[Registration]) -> list:
    """Each time the SRI was asked about this RUC: the verdict kept, never more."""
    events = AuditEvent.objects.filter(action=AuditAction.SRI_CONSULTADO).filter(
        Q(data__ruc=identification)
        | Q(
            target_type="employers.registration",
            target_id__in=[str(r.pk) for r in registrations],
        )
    )
    return [
        {"at": when(event.created), "summary": event.data}
        for event in events.order_by("created", "pk")
    ]


def employer_emails(*, addresses: set[str]) -> list[dict]:
    """The messages the outbox keeps for the employer's addresses; the body is
    left out: it carries links that must not travel in an export."""
    emails = OutboxEmail.objects.filter(to__in=sorted(addresses)).only(
        "to", "subject", "status", "created", "sent_at"
    )
    return [
        {
            "to": email.to,
            "subject": email.subject,
            "status": email.status,
            "created": when(email.created),
            "sent_at": when(email.sent_at),
        }
        for email in emails.order_by("created", "pk")
    ]


def _resets(registrations: list[Registration]) -> list[dict]:
    resets = ClaveResetRequest.objects.filter(registration__in=registrations)
    return [
        {
            "created": when(reset.created),
            "status": reset.status,
            "email": reset.email,
            "mobile": reset.mobile,
            "received_at": when(reset.received_at),
            "review_reason": reset.review_reason,
        }
        for reset in resets.order_by("created", "pk")
    ]


def mis_datos_export(
    *, account: EmployerAccount, now: datetime.datetime, schema_url: str = ""
) -> dict:
    """Everything held about the signed-in employer, in the schema's shape."""
    identification = account.identification
    registrations = list(employer_registrations(identification=identification))
    activations = list(account.activations.order_by("created", "pk"))
    addresses = {account.user.email} | {r.email for r in registrations}
    addresses |= {r.rep_email for r in registrations}
    documents = employer_documents(identification=identification)
    return {
        "$schema": schema_url,
        "schema_version": SCHEMA_VERSION,
        "generated_at": when(now),
        "employer": {
            "identification": identification,
            "business_name": account.registration.business_name,
            "active_registration": account.registration.number,
        },
        "registrations": [row_registration(r) for r in registrations],
        "sri_lookups": sri_lookups(
            identification=identification, registrations=registrations
        ),
        "account": row_account(account, activations),
        "account_events": account_events(account=account),
        "clave_reset_requests": _resets(registrations),
        "documents": [
            {
                "code": document.code,
                "kind": document.kind,
                "size": document.size,
                "sha256": document.sha256,
                "created": when(document.created),
            }
            for document in documents
        ],
        "tramites": [
            row_tramite(t)
            for t in employer_tramites_full(identification=identification)
        ],
        "turns": [row_turn(t) for t in employer_turns(identification=identification)],
        "turn_applications": [
            row_application(a)
            for a in employer_applications(identification=identification)
        ],
        "waitlist_entries": [
            row_waitlist_entry(entry)
            for entry in employer_waitlist_entries(identification=identification)
        ],
        "emails": employer_emails(addresses={a for a in addresses if a}),
    }


def employer_attachment_get(*, account: EmployerAccount, pk: int) -> Attachment | None:
    """One file of the employer's trámites (replaced ones too); another
    employer's file, or a stranger's unconfirmed trámite's, is None."""
    tramites = employer_tramite_list(identification=account.identification)
    return (
        Attachment.objects.filter(pk=pk, tramite__in=tramites.values("pk"))
        .select_related("tramite")
        .first()
    )


def employer_power_with_scan_get(
    *, account: EmployerAccount, pk: int
) -> PowerOfAttorney | None:
    """A power of attorney of the employer's registrations that has a scan."""
    return (
        PowerOfAttorney.objects.filter(
            pk=pk, registration__employer_identification=account.identification
        )
        .exclude(scan_sha256="")
        .first()
    )
