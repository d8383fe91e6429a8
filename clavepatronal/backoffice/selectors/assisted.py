"""Turno asistido in the back office: where an officer books (their channel and
agency, from their role and profile) and the administrators' count per officer."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q

from clavepatronal.appointments.constants import TurnChannel
from clavepatronal.appointments.models import Agency
from clavepatronal.appointments.selectors.assisted import (
    PERIOD_DAYS,
    OfficerCounts,
    assisted_counts,
)
from clavepatronal.appointments.services.assisted import Assisted

from ..constants import Role
from ..models import StaffProfile
from .scope import StaffScope


@dataclass(frozen=True)
class OfficerDesk:
    """Where this officer books for people: the phone line (any agency), an
    agency's counter (that one), or nowhere (`channel` empty)."""

    channel: str
    agency: Agency | None
    identification: str

    def assisted(self, *, officer, document_seen: bool = False) -> Assisted:
        return Assisted(
            channel=self.channel,
            officer=officer,
            officer_identification=self.identification,
            agency_id=self.agency.pk if self.agency else None,
            document_seen=document_seen,
        )


_ROLES = set(Role.values)


def _roles(user) -> set[str]:
    return {group.name for group in user.groups.all()}


def assisted_desk(*, scope: StaffScope) -> OfficerDesk:
    """The phone line's role books by phone; an officer placed at an agency books
    at its counter. The officer's own cédula comes with it (never for themselves)."""
    profile = (
        StaffProfile.objects.select_related("agency__province")
        .filter(user=scope.user)
        .first()
    )
    identification = profile.identification if profile else ""
    if Role.TELEFONO.value in _roles(scope.user):
        return OfficerDesk(TurnChannel.TELEFONO, None, identification)
    if profile is not None and profile.agency is not None and scope.agency_id:
        return OfficerDesk(TurnChannel.VENTANILLA, profile.agency, identification)
    return OfficerDesk("", None, identification)


@dataclass(frozen=True)
class OfficerRow:
    """One officer in «Turnos asistidos por servidor»."""

    officer: object
    role: str
    place: str
    counts: OfficerCounts
    phone: bool = False

    @property
    def over_limit(self) -> bool:
        return self.counts.today >= settings.TURNOS_ASSISTED_DAILY_LIMIT

    @property
    def lines(self) -> list[tuple[str, list[int]]]:
        """One line per channel the officer used (their role's, if none yet): its
        turns and applications today, in 7 days and in 30 days."""
        default = TurnChannel.TELEFONO if self.phone else TurnChannel.VENTANILLA
        channels = self.counts.channels or [default]
        return [
            (
                TurnChannel(channel).label,
                [
                    self.counts.get(kind, channel, period)
                    for period in PERIOD_DAYS
                    for kind in ("turns", "applications")
                ],
            )
            for channel in channels
        ]


def assisted_report(*, scope: StaffScope, now: datetime.datetime) -> list[OfficerRow]:
    """Every officer who may book for people (counter and phone line) and everyone
    who did in the last 30 days, with their counts; in the administrator's scope
    (a province-bound one sees its agencies' officers and the phone line)."""
    counts = assisted_counts(now=now)
    booking_roles = [Role.SERVIDOR.value, Role.TELEFONO.value]
    officers = (
        get_user_model()
        .objects.filter(Q(groups__name__in=booking_roles) | Q(pk__in=list(counts)))
        .select_related("staff_profile__agency")
        .prefetch_related("groups")
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
    rows = []
    for officer in officers:
        profile = getattr(officer, "staff_profile", None)
        agency = profile.agency if profile else None
        roles = _roles(officer)
        if not _in_scope(scope, agency, roles):
            continue
        rows.append(
            OfficerRow(
                officer=officer,
                role=", ".join(sorted(str(Role(n).label) for n in roles & _ROLES)),
                place=agency.name if agency else "",
                counts=counts.get(officer.pk) or OfficerCounts(officer.pk),
                phone=Role.TELEFONO.value in roles,
            )
        )
    return rows


def _in_scope(scope: StaffScope, agency: Agency | None, roles: set[str]) -> bool:
    if scope.all_provinces or Role.TELEFONO.value in roles:
        return True
    return agency is not None and agency.province_id == scope.province_id
