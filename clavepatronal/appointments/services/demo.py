"""The demo's draw (cargar_demo): one agency gives out its new days by draw, with
a day taking applications right now and an earlier draw already run and
published, so `make run` shows a draw anyone can verify (/turnos/sorteos/)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clavepatronal.catalogue.constants import CLAVE_PATRONAL_CODE
from clavepatronal.core.exceptions import ApplicationError
from clavepatronal.identity.constants import IdentificationType
from clavepatronal.identity.validators import validate_cedula

from ..constants import AllocationMode
from ..models import Agency, Draw, TurnApplication
from ..selectors import booking_window, working_day_is
from ..selectors.draws import draw_time
from .draws import draw_publish, draw_run

DEMO_DRAW_AGENCY = "Centro de Atención Universal Guayaquil"
# Fictitious applicants of the earlier draw beyond its 8:00 and 8:20 seats, which
# they all ask for: these lose and carry over into the open draw.
DEMO_LOSERS = 4


@dataclass(frozen=True)
class DemoDraws:
    agency: Agency
    done: Draw | None
    open: Draw | None


@transaction.atomic
def demo_draws_load(*, now: datetime.datetime | None = None) -> DemoDraws:
    """Once per database: the agency in sorteo, an earlier day drawn (its fictitious
    applicants' draw run now) and the window's last day taking applications until
    the next draw time at least an hour away (the demo runs at any hour). An agency
    that already has draws is left as it is."""
    if not settings.DEMO_DATA_ALLOWED:
        raise ApplicationError(
            _("Los datos de demostración no se pueden cargar en este entorno.")
        )
    now = now or timezone.now()
    agency = Agency.objects.get(name=DEMO_DRAW_AGENCY)
    draws = Draw.objects.filter(agency=agency)
    if draws.exists():
        return DemoDraws(
            agency=agency,
            done=draws.filter(drawn_at__isnull=False).order_by("-day").first(),
            open=draws.filter(closes_at__gt=now).order_by("day").first(),
        )
    agency.allocation_mode = AllocationMode.SORTEO
    agency.save(update_fields=["allocation_mode"])
    first, last = booking_window(now=now)
    open_day = _working_day_back(agency, last)
    done_day = _working_day_back(agency, open_day - datetime.timedelta(days=1))
    if done_day < first:
        return DemoDraws(agency=agency, done=None, open=None)
    opens_at, closes_at = _window_before(now)
    done = draw_publish(
        agency=agency, day=done_day, opens_at=opens_at, closes_at=closes_at
    )
    _applicants_create(agency, done_day)
    done = draw_run(draw_id=done.pk, now=now)
    opens_at, closes_at = _window_around(now)
    opened = draw_publish(
        agency=agency, day=open_day, opens_at=opens_at, closes_at=closes_at
    )
    return DemoDraws(agency=agency, done=done, open=opened)


def _working_day_back(agency: Agency, day: datetime.date) -> datetime.date:
    while not working_day_is(day=day, agency=agency):
        day -= datetime.timedelta(days=1)
    return day


def _at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=timezone.get_default_timezone())


def _window_before(now: datetime.datetime) -> tuple[datetime.datetime, ...]:
    """The last draw time before `now`, and that day's release: a draw just run."""
    day = timezone.localtime(now).date()
    closes = _at(day, draw_time())
    if closes >= now:
        day -= datetime.timedelta(days=1)
        closes = _at(day, draw_time())
    release = datetime.time.fromisoformat(settings.TURNOS_RELEASE_TIME)
    return min(_at(day, release), closes - datetime.timedelta(hours=1)), closes


def _window_around(now: datetime.datetime) -> tuple[datetime.datetime, ...]:
    """Applications open since today's release (or now) until the next draw time at
    least an hour away."""
    day = timezone.localtime(now).date()
    closes = _at(day, draw_time())
    if closes < now + datetime.timedelta(hours=1):
        closes = _at(day + datetime.timedelta(days=1), draw_time())
    release = _at(day, datetime.time.fromisoformat(settings.TURNOS_RELEASE_TIME))
    return min(release, now - datetime.timedelta(minutes=1)), closes


def _applicants_create(agency: Agency, day: datetime.date) -> None:
    """Fictitious people (valid cédulas of Guayas, 09…) who asked for 8:00 or 8:20."""
    procedure_type = (
        agency.procedure_types.exclude(code=CLAVE_PATRONAL_CODE).order_by("pk").first()
    )
    applicants = 2 * agency.capacity_per_slot + DEMO_LOSERS
    for number, cedula in enumerate(_cedulas(applicants), start=1):
        application = TurnApplication(
            agency=agency,
            procedure_type=procedure_type,
            day=day,
            hours=["08:00", "08:20"] if number % 2 else ["08:20"],
            any_hour=False,
            identification_type=IdentificationType.CEDULA,
            identification=cedula,
            holder_names=f"Persona de demostración {number}",
            email=f"solicitante{number}@demo.clavepatronal.ec",
            mobile=f"+5939910000{number:02d}",
        )
        application.full_clean(validate_constraints=False)
        application.save()


def _cedulas(count: int) -> list[str]:
    """The first `count` valid cédulas 0900000…, found with the validator."""
    found = []
    for base in range(1, 10 * count):
        for check in range(10):
            candidate = f"09{base:07d}{check}"
            try:
                found.append(validate_cedula(candidate))
            except ValidationError:
                continue
            break
        if len(found) == count:
            break
    return found
