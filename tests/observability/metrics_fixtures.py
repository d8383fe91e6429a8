"""For the metrics tests: the turn tests' setup (a quiet agency, their turn policy,
a drawn agency) as plain functions, and a reader of the process's own metrics
(counters/conftest.py makes fixtures of them for the counter tests)."""

from prometheus_client import REGISTRY

from clavepatronal.appointments.services import draws_prepare
from tests.appointments.conftest import NOW


def sample(name: str, **labels) -> float:
    """The current value of one sample of the default registry (0 when absent)."""
    return REGISTRY.get_sample_value(name, labels) or 0.0


def turn_policy(settings) -> None:
    """The turn tests' own policy, whatever the environment says."""
    settings.TURNOS_LEAD_MINUTES = 120
    settings.TURNOS_DAYS_AHEAD = 14
    settings.TURNOS_RELEASE_TIME = "07:00"
    settings.TURNOS_VERIFIED_MINUTES = 60
    settings.TURNOS_RATE_PER_IP = "1000/h"
    settings.TURNOS_RATE_PER_IDENTIFICATION = "1000/h"


def quiet_agency():
    """Agencia de prueba Quito Norte: 20-minute slots, two people each."""
    from tests.appointments.factories import AgencyFactory

    return AgencyFactory(
        name="Agencia de prueba Quito Norte", slot_minutes=20, capacity_per_slot=2
    )


def drawn(agency):
    agency.allocation_mode = "SORTEO"
    agency.save()
    (draw,) = draws_prepare(now=NOW)
    return draw
