"""A drawn day in Chromium: apply in steps g and h, the draw runs, the winner's
e-mail carries the Confirmación del Turno en Línea; axe on every page."""

import datetime
import email
import email.policy
import re

import pytest
from playwright.sync_api import expect

from clavepatronal.appointments.constants import ApplicationStatus
from clavepatronal.appointments.models import TurnApplication

from .conftest import orm
from .test_turnos import AGENCY, CEDULA, journey_to_the_calendar, mail_folder  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def mails(folder):
    """Every message the file backend wrote (a file may hold several)."""
    for path in sorted(folder.glob("*.log")):
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if raw.strip():
                yield email.message_from_bytes(raw, policy=email.policy.default)


def open_draw():
    """The Quito agency in sorteo, with the last day of the window taking
    applications right now (its seed's hash published an hour ago)."""
    import secrets

    from django.utils import timezone

    from clavepatronal.appointments.allocation import seed_hash
    from clavepatronal.appointments.models import Agency, Draw
    from clavepatronal.appointments.selectors import booking_window, working_day_is

    now = timezone.now()
    agency = Agency.objects.get(name=AGENCY)
    agency.allocation_mode = "SORTEO"
    agency.save()
    _first, day = booking_window(now=now)
    while not working_day_is(day=day, agency=agency):
        day -= datetime.timedelta(days=1)
    seed = secrets.token_hex(32)
    return Draw.objects.create(
        agency=agency,
        day=day,
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(hours=1),
        seed=seed,
        seed_hash=seed_hash(seed),
    )


def test_apply_the_draw_runs_and_the_winner_gets_the_confirmation(
    page,
    assert_accessible,
    mail_folder,  # noqa: F811
):
    draw = orm(open_draw)
    journey_to_the_calendar(page, assert_accessible, mail_folder)

    # g. The drawn day asks for hours, not for a seat.
    page.get_by_role("link", name=re.compile("por sorteo")).click()
    expect(page.locator("main")).to_contain_text("Solicitud para el sorteo")
    assert_accessible(page)
    page.get_by_label("Hora preferida").select_option("08:00")
    page.get_by_label("Acepto cualquier hora libre de ese día").check()
    page.get_by_role("button", name="Siguiente").click()

    # h. What will be filed; Confirmar files the application.
    expect(page.locator("h1")).to_have_text("Verifique su solicitud para el sorteo")
    assert_accessible(page)
    page.get_by_role("button", name="Confirmar").click()
    expect(page.locator("h1")).to_have_text("Su solicitud de turno")
    expect(page.locator("main")).to_contain_text("Participa en el próximo sorteo")
    assert_accessible(page)
    application = orm(lambda: TurnApplication.objects.get(identification=CEDULA))
    assert application.hours == ["08:00"] and application.any_hour

    # The draw, at its time.
    def draw_now():
        from clavepatronal.appointments.services import draw_run

        return draw_run(draw_id=draw.pk, now=draw.closes_at)

    drawn = orm(draw_now)
    assert drawn.winners == 1
    assert (
        orm(lambda: TurnApplication.objects.get(pk=application.pk).status)
        == ApplicationStatus.ASIGNADA
    )

    # The winner's e-mail: the usual confirmation, with its link.
    confirmation = next(
        message
        for message in mails(mail_folder)
        if message["Subject"] == "Confirmación del Turno en Línea — IESS"
    )
    body = confirmation.get_body(("plain",)).get_content()
    link = re.search(r"https?://[^/\s]+(/turnos/turno/[^\s]+/)", body)
    assert link, body
    page.goto(link.group(1))
    expect(page.locator("h1")).to_have_text("Confirmación del Turno en Línea")
    assert_accessible(page)

    # Anyone checks the draw on its public page.
    page.goto(f"/turnos/sorteos/{draw.agency_id}/{draw.day.isoformat()}/")
    expect(page.locator("main")).to_contain_text("el resultado es el mismo")
    assert_accessible(page)
