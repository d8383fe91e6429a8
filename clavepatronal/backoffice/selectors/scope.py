"""What a staff account may see: every back-office queryset starts here."""

from dataclasses import dataclass

from django.db.models import QuerySet

from clavepatronal.appointments.models import Draw, Turn
from clavepatronal.employers.models import PowerOfAttorney
from clavepatronal.procedures.models import Tramite

from ..constants import ALL_PROVINCES, Role
from ..models import StaffProfile


@dataclass(frozen=True)
class StaffScope:
    """One staff account's reach: all provinces, one province, or one agency."""

    user: object
    all_provinces: bool
    province_id: int | None
    agency_id: int | None
    province_name: str = ""
    agency_name: str = ""

    @property
    def label(self) -> str:
        if self.all_provinces:
            return "Todas las provincias"
        return self.agency_name or self.province_name

    def has(self, perm: str) -> bool:
        return self.user.has_perm(perm)

    @property
    def roles(self) -> list[str]:
        return [
            role.label
            for role in Role
            if any(group.name == role.value for group in self.user.groups.all())
        ]


def staff_scope(*, user) -> StaffScope | None:
    """None for anyone who is not active staff placed somewhere (or all-province)."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return None
    profile = (
        StaffProfile.objects.select_related("province", "agency")
        .filter(user=user)
        .first()
    )
    everywhere = user.has_perm(ALL_PROVINCES)
    if profile is None and not everywhere:
        return None
    return StaffScope(
        user=user,
        all_provinces=everywhere,
        province_id=profile.province_id if profile and not everywhere else None,
        agency_id=profile.agency_id if profile and not everywhere else None,
        province_name=profile.province.name if profile and profile.province else "",
        agency_name=profile.agency.name if profile and profile.agency else "",
    )


def scoped_tramites(*, scope: StaffScope) -> QuerySet[Tramite]:
    """Virtual trámites of the officer's province (every province for admins)."""
    tramites = Tramite.objects.all()
    if scope.all_provinces:
        return tramites
    if scope.province_id is None:
        return tramites.none()
    return tramites.filter(province_id=scope.province_id)


def scoped_turns(*, scope: StaffScope) -> QuerySet[Turn]:
    """Turns of the officer's agency (its province for a province-wide account)."""
    turns = Turn.objects.all()
    if scope.all_provinces:
        return turns
    if scope.agency_id is not None:
        return turns.filter(slot__agency_id=scope.agency_id)
    if scope.province_id is not None:
        return turns.filter(slot__agency__province_id=scope.province_id)
    return turns.none()


def scoped_powers(*, scope: StaffScope) -> QuerySet[PowerOfAttorney]:
    """Powers of attorney recorded in the account's province."""
    powers = PowerOfAttorney.objects.all()
    if scope.all_provinces:
        return powers
    if scope.province_id is None:
        return powers.none()
    return powers.filter(province_id=scope.province_id)


def scoped_draws(*, scope: StaffScope) -> QuerySet[Draw]:
    """Draws of the agencies the account sees, newest day first."""
    draws = Draw.objects.select_related("agency__province").order_by(
        "-day", "agency__name"
    )
    if scope.all_provinces:
        return draws
    if scope.agency_id is not None:
        return draws.filter(agency_id=scope.agency_id)
    if scope.province_id is not None:
        return draws.filter(agency__province_id=scope.province_id)
    return draws.none()
