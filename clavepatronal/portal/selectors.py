"""Reads for the employer portal: what an employer owns and the dashboard.

Every object an employer can open is looked up through the employer, so another
employer's code in a URL finds nothing (404).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet

from clavepatronal.appointments.constants import TurnStatus
from clavepatronal.appointments.models import Turn
from clavepatronal.catalogue.constants import CLAVE_PATRONAL_CODE
from clavepatronal.documents.codes import document_code_normalize
from clavepatronal.documents.models import GeneratedDocument
from clavepatronal.employers.models import EmployerAccount
from clavepatronal.procedures.links import correction_token_open
from clavepatronal.procedures.models import Tramite
from clavepatronal.procedures.selectors import (
    employer_tramite_get,
    employer_tramite_list,
    tramite_detail,
)


def employer_turn_list(*, account: EmployerAccount) -> QuerySet[Turn]:
    """The employer's clave patronal turns (booked for its RUC or cédula by a person
    its registration names), newest first; never a turn for another employer."""
    return (
        Turn.objects.filter(
            employer_identification=account.identification,
            procedure_type__code=CLAVE_PATRONAL_CODE,
        )
        .select_related("slot__agency", "procedure_type")
        .order_by("-slot__starts_at")
    )


def employer_turn_get(*, account: EmployerAccount, code: str) -> Turn | None:
    return employer_turn_list(account=account).filter(code=str(code).upper()).first()


def employer_turn_manageable(*, turn: Turn, now: datetime.datetime) -> bool:
    return turn.status == TurnStatus.RESERVADO and turn.slot.starts_at > now


def employer_document_list(*, account: EmployerAccount) -> QuerySet[GeneratedDocument]:
    """Every document generated for this RUC (or cédula): the registration forms,
    delivery slips and, later, procedure receipts."""
    return GeneratedDocument.objects.filter(
        holder_identification=account.identification
    )


def employer_document_get(
    *, account: EmployerAccount, code: str
) -> GeneratedDocument | None:
    normalized = document_code_normalize(code)
    if normalized is None:
        return None
    return GeneratedDocument.objects.filter(
        holder_identification=account.identification, code=normalized
    ).first()


def employer_tramites(*, account: EmployerAccount, limit: int = 20) -> list[Tramite]:
    """The employer's trámites; an observed one carries the link to correct it."""
    tramites = list(
        employer_tramite_list(identification=account.identification)[:limit]
    )
    for tramite in tramites:
        tramite.correction_token = correction_token_open(tramite)
    return tramites


def employer_tramite_detail(*, account: EmployerAccount, number: str) -> Tramite | None:
    tramite = employer_tramite_get(identification=account.identification, number=number)
    return tramite_detail(tramite=tramite) if tramite else None


# --- the dashboard


@dataclass
class DashboardSection:
    """One block of the dashboard: a template under portal/sections/ and
    the data it shows (`section.data` in the template)."""

    template: str
    data: dict = field(default_factory=dict)


def dashboard_sections(
    *, account: EmployerAccount, now: datetime.datetime
) -> list[DashboardSection]:
    """The dashboard, top to bottom. A new block (the trámites of the ventanilla
    virtual) is one more entry here and one template."""
    turns = list(employer_turn_list(account=account)[:20])
    for turn in turns:
        turn.manageable = employer_turn_manageable(turn=turn, now=now)
    return [
        DashboardSection(
            "portal/sections/employer.html",
            {"account": account, "registration": account.registration},
        ),
        DashboardSection(
            "portal/sections/tramites.html",
            {"tramites": employer_tramites(account=account)},
        ),
        DashboardSection("portal/sections/turns.html", {"turns": turns}),
        DashboardSection(
            "portal/sections/documents.html",
            {"documents": list(employer_document_list(account=account))},
        ),
        DashboardSection("portal/sections/account.html", {"account": account}),
    ]
