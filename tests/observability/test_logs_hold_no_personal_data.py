"""Three journeys (registration, a turn's booking, clave recovery) logged at DEBUG
through the service's filters and JSON formatter: no cédula, RUC or e-mail of the
test data appears unmasked in any line (message, arguments, extra fields,
tracebacks)."""

import json
import re

import pytest
from pythonjsonlogger.json import JsonFormatter

from tests.appointments.conftest import _turn_settings, agency  # noqa: F401
from tests.appointments.test_views import CEDULA as TURN_CEDULA
from tests.appointments.test_views import EMAIL as TURN_EMAIL
from tests.appointments.test_views import book_through_views
from tests.employers.conftest import (  # noqa: F401 - fixtures
    employer,
    fill,
    issue_link,
    make_employer,
    register,
)
from tests.employers.factories import CEDULA_REP, RUC_SOCIEDAD
from tests.portal.test_recovery import ask

from .loglines import lines  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

PERSONAL = re.compile(r"^(\d{10}|\d{13})$|@")


def _personal_values(data) -> set[str]:
    """Every identification and e-mail in the journey's answers."""
    if isinstance(data, dict):
        return set().union(*(_personal_values(value) for value in data.values()))
    if isinstance(data, str) and PERSONAL.search(data):
        return {data}
    return set()


def test_no_log_line_of_three_journeys_holds_an_identification_or_email(
    request, client, answers
):
    # Fixtures from other folders' conftests, imported above.
    captured = request.getfixturevalue("lines")
    turn_agency = request.getfixturevalue("agency")
    registered = request.getfixturevalue("register")
    registration = answers("PUBLICO")  # `employer` below is the PRIVADO one
    registered(client, registration)
    request.getfixturevalue("employer")  # registered (another one) and activated
    request.getfixturevalue("commit_per_request")  # each step's mail goes out
    client.cookies.clear()
    turn = book_through_views(client, turn_agency)
    client.cookies.clear()
    ask(client, identification=RUC_SOCIEDAD, rep=CEDULA_REP)
    # A link someone pasted with their data in it: Django logs the 404's path.
    client.get(f"/empleador/{RUC_SOCIEDAD}/{TURN_EMAIL}/")

    secrets = _personal_values(registration) | {
        TURN_CEDULA,
        TURN_EMAIL,
        RUC_SOCIEDAD,
        CEDULA_REP,
        turn.identification,
    }
    assert len(secrets) >= 5, secrets
    formatter = JsonFormatter("%(levelname)s %(name)s %(message)s")
    output = [formatter.format(record) for record in captured.records]
    assert len(output) > 20  # the journeys did log, at DEBUG
    leaks = [(value, line) for line in output for value in secrets if value in line]
    assert not leaks, leaks[:3]
    assert any(
        "Not Found: /empleador/17********001/r***@empresa.ec/" in line
        for line in output
    )
    # Each request's lines carry its id.
    closing = [json.loads(line) for line in output if "clavepatronal.requests" in line]
    assert closing and all(len(line["request_id"]) == 32 for line in closing)
    not_found = [json.loads(line) for line in output if "Not Found" in line]
    assert not_found and len(not_found[0]["request_id"]) == 32
