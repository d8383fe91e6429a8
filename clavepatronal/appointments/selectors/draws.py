"""Reads of the draws: which days of an agency take applications, the published
result of a draw and its verification, applications and their links."""

import datetime
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.models import AuditEvent

from ..allocation import Entry, allocate, seed_hash
from ..constants import (
    APPLICATION_LINK_SALT,
    APPLICATION_PSEUDONYM_SALT,
    AllocationMode,
    ApplicationStatus,
    DrawStatus,
)
from ..models import Agency, Draw, TurnApplication


def agency_mode(agency: Agency, *, on: datetime.date | None = None) -> str:
    """ORDEN or SORTEO: the agency's own mode, or the general one; an AUTO agency's
    for the days released on `on` (by default, at the next release)."""
    from .modes import agency_mode_on  # modes reads the calendar, which reads us

    return agency_mode_on(agency, on=on)


def draw_time() -> datetime.time:
    return datetime.time.fromisoformat(settings.TURNOS_DRAW_TIME)


def draws_by_day(
    *, agency: Agency, first: datetime.date, last: datetime.date
) -> dict[datetime.date, Draw]:
    """The agency's draws for the days of the window, by day."""
    return {
        draw.day: draw
        for draw in Draw.objects.filter(agency=agency, day__range=(first, last))
    }


class DayPhase:
    """How a day of the window is given out right now."""

    ORDEN = "orden"  # bookable, first come first served
    SOLICITUDES = "solicitudes"  # taking applications for its draw
    SORTEO = "sorteo"  # applications closed, the draw not yet run


def day_phase(draw: Draw | None, now: datetime.datetime) -> str:
    """A day without a draw, or whose draw is done, is given out in order of
    arrival (what the draw left); while its draw is open it takes applications."""
    if draw is None or draw.status == DrawStatus.REALIZADO:
        return DayPhase.ORDEN
    if now < draw.closes_at:
        return DayPhase.SOLICITUDES
    return DayPhase.SORTEO


def draw_day_get(*, agency: Agency, day: datetime.date) -> Draw | None:
    return Draw.objects.filter(agency=agency, day=day).first()


def draws_due(*, now: datetime.datetime) -> QuerySet[Draw]:
    """Open draws whose window has closed, oldest first."""
    return Draw.objects.filter(status=DrawStatus.ABIERTO, closes_at__lte=now).order_by(
        "closes_at", "pk"
    )


def draw_next_pending(*, agency: Agency, after: datetime.datetime) -> Draw | None:
    """The agency's next draw still to run, if it runs after `after`."""
    return (
        Draw.objects.filter(
            agency=agency, status=DrawStatus.ABIERTO, closes_at__gt=after
        )
        .order_by("closes_at")
        .first()
    )


def application_pseudonym(application_id: int) -> str:
    """What the published result calls an application: an HMAC of its id, which
    names nobody; the applicant's page shows it so they can find themselves."""
    return application_pseudonyms([application_id])[0]


def application_pseudonyms(
    application_ids: list[int], known: dict[int, str] | None = None
) -> list[str]:
    """application_pseudonym of many ids (a draw's thousands of entries): Django's
    salted_hmac with SHA-256, its key derived and its HMAC keyed once, then
    copied for each id. `known` (id → pseudonym), given by a run of draws, keeps
    those already computed: a day's losers are in the next draw."""
    if known is None:
        known = {}
    key = hashlib.sha256(
        (APPLICATION_PSEUDONYM_SALT + settings.SECRET_KEY).encode()
    ).digest()
    keyed = hmac.new(key, digestmod=hashlib.sha256)
    pseudonyms = []
    for pk in application_ids:
        pseudonym = known.get(pk)
        if pseudonym is None:
            mac = keyed.copy()
            mac.update(b"%d" % pk)
            # The first 8 bytes' hexadecimal is the first 16 hexadecimal digits.
            pseudonym = known[pk] = mac.digest()[:8].hex()
        pseudonyms.append(pseudonym)
    return pseudonyms


def application_entry(
    application: TurnApplication, *, losses: int, pseudonym: str = ""
) -> Entry:
    """The application as the draw publishes it; `losses` is what
    application_losses counts for it."""
    return Entry(
        pseudonym or application_pseudonym(application.pk),
        losses_give_priority(losses),
        application.any_hour,
        tuple(application.hours),
    )


def losses_give_priority(losses: int) -> bool:
    """Whoever lost TURNOS_DRAW_PRIORITY_AFTER draws in a row goes first."""
    return losses >= settings.TURNOS_DRAW_PRIORITY_AFTER


def application_losses(*, application: TurnApplication) -> int:
    """Draws lost in a row, which give priority after TURNOS_DRAW_PRIORITY_AFTER.

    Counted, never stored, so losing writes nothing in the application's row. A
    pending application was filed while its day's draw took applications; that
    draw and every later day's draw of the agency close after it, and a pending
    application takes part in each one (a winner or a cancelled one is no longer
    pending): every one already run is a draw it lost. Once it is out of the
    draws, the audit trail says which ones it lost (application_draws_lost)."""
    if application.status != ApplicationStatus.PENDIENTE:
        return len(application_draws_lost(application=application))
    return _draws_done(application.agency_id).filter(day__gte=application.day).count()


def priority_cutoff(*, agency_id: int) -> datetime.date | None:
    """The last day a pending application of the agency may have asked for and
    have priority in its next draw: it has lost the draws already run for its day
    or a later one (application_losses), so TURNOS_DRAW_PRIORITY_AFTER of them
    when the latest so many of those days reach back to its day. None while no
    application has priority."""
    after = settings.TURNOS_DRAW_PRIORITY_AFTER
    if after <= 0:
        return datetime.date.max
    days = _draws_done(agency_id).order_by("-day").values_list("day", flat=True)
    return next(iter(days[after - 1 : after]), None)


def _draws_done(agency_id: int) -> QuerySet[Draw]:
    return Draw.objects.filter(agency_id=agency_id, status=DrawStatus.REALIZADO)


def pending_losses_column() -> Coalesce:
    """application_losses of a pending application as an annotation, for a list
    of them (the admin's); meaningless for one out of the draws."""
    done = (
        Draw.objects.filter(
            agency=OuterRef("agency"),
            status=DrawStatus.REALIZADO,
            day__gte=OuterRef("day"),
        )
        .order_by()
        .values("agency")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(done, output_field=IntegerField()), 0)


def application_draws_lost(*, application: TurnApplication) -> list[Draw]:
    """The draws the application took part in and lost, by day, from the audit
    trail: each draw records one `solicitud.no_asignada` event, on the draw, whose
    data lists the ids of the applications that lost it (docs/turnos.md)."""
    draws = {
        str(draw.pk): draw
        for draw in Draw.objects.filter(
            agency_id=application.agency_id,
            status=DrawStatus.REALIZADO,
            day__gte=application.day,
        )
    }
    events = AuditEvent.objects.filter(
        action=AuditAction.SOLICITUD_NO_ASIGNADA,
        target_type=Draw._meta.label_lower,
        target_id__in=list(draws),
    ).only("target_id", "data")
    lost = [
        draws[event.target_id]
        for event in events
        if application.pk in event.data.get("applications", [])
    ]
    return sorted(lost, key=lambda draw: draw.day)


def application_link_token(*, application: TurnApplication) -> str:
    return signing.Signer(salt=APPLICATION_LINK_SALT).sign_object(
        [application.pk], compress=True
    )


def application_from_link(*, token: str) -> TurnApplication | None:
    try:
        (pk,) = signing.Signer(salt=APPLICATION_LINK_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return (
        TurnApplication.objects.select_related("agency", "procedure_type", "turn")
        .filter(pk=pk)
        .first()
    )


def application_pending_get(
    *, identification: str, procedure_type, employer_identification: str
) -> TurnApplication | None:
    """The person's (or the employer's) application still in the draws."""
    pending = TurnApplication.objects.filter(status=ApplicationStatus.PENDIENTE)
    found = pending.filter(
        identification=identification, procedure_type=procedure_type
    ).first()
    if found is None and employer_identification:
        found = pending.filter(employer_identification=employer_identification).first()
    return found


@dataclass(frozen=True)
class DrawCheck:
    """The result of recomputing a draw from what it published."""

    seed_matches: bool
    result_matches: bool
    entries: int
    winners: int

    @property
    def ok(self) -> bool:
        return self.seed_matches and self.result_matches


def draw_verify(draw: Draw) -> DrawCheck:
    """Anyone's check: the seed hashes to what was published before the window,
    and the allocation recomputed from the seed, the pool and the entries is the
    published one."""
    published = draw.result or {}
    entries = [Entry.from_list(item) for item in published.get("entries", [])]
    pool = [(start, int(free)) for start, free in published.get("pool", [])]
    won = allocate(draw.seed, entries, pool) if draw.seed else {}
    return DrawCheck(
        seed_matches=bool(draw.seed) and seed_hash(draw.seed) == draw.seed_hash,
        result_matches=won == published.get("assigned", {}),
        entries=len(entries),
        winners=len(won),
    )


def draw_window(*, day_released: datetime.date) -> tuple[datetime.datetime, ...]:
    """When a day released on `day_released` takes applications: from the daily
    release time until TURNOS_DRAW_TIME the same day (local time)."""
    tz = timezone.get_default_timezone()
    opens = datetime.datetime.combine(
        day_released,
        datetime.time.fromisoformat(settings.TURNOS_RELEASE_TIME),
        tzinfo=tz,
    )
    closes = datetime.datetime.combine(day_released, draw_time(), tzinfo=tz)
    return opens, closes


def is_sorteo(agency: Agency, *, on: datetime.date | None = None) -> bool:
    return agency_mode(agency, on=on) == AllocationMode.SORTEO


# How far back the list of published draws goes; older ones keep their own page.
DRAWS_LISTED_DAYS = 60


def draws_published(*, today: datetime.date) -> list[tuple[Agency, list[Draw]]]:
    """Every draw whose seed's hash is published, by agency and newest day first:
    the days still to draw and those drawn in the last DRAWS_LISTED_DAYS days."""
    since = today - datetime.timedelta(days=DRAWS_LISTED_DAYS)
    by_agency: dict[int, tuple[Agency, list[Draw]]] = {}
    draws = (
        Draw.objects.filter(day__gte=since)
        .select_related("agency")
        .defer("seed", "result")
        .order_by("agency__name", "-day")
    )
    for draw in draws:
        by_agency.setdefault(draw.agency_id, (draw.agency, []))[1].append(draw)
    return list(by_agency.values())
