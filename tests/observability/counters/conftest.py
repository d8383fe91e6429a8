"""The turn tests' setup for the counter and collector tests: their turn policy, a
quiet agency and a drawn one (the request-id tests beside this folder do not want
them)."""

import pytest

from ..metrics_fixtures import drawn, quiet_agency, turn_policy


@pytest.fixture(autouse=True)
def _policy(settings):
    turn_policy(settings)


@pytest.fixture
def agency(db):
    return quiet_agency()


@pytest.fixture
def sorteo(agency):
    return drawn(agency)
