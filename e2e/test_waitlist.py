"""Lista de espera in Chromium: every seat of the Quito agency is taken; a person
whose journey finds no free hour joins the waiting list from step g; a turn is
cancelled; the freed seat goes to the person by e-mail, with a link that holds it,
while a fast client polling step g sees no free hour and *Confirmar* gets «sin
disponibilidad»; then the person takes it from the link. axe on every page."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from clavepatronal.appointments.constants import (
    OfferStatus,
    TurnStatus,
    WaitlistStatus,
)

from .conftest import orm
from .test_sorteo import mails
from .test_turnos import (  # noqa: F401
    AGENCY,
    CEDULA,
    EMAIL,
    choose_the_agency,
    fits_a_phone,
    journey_to_the_agency,
    mail_folder,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
OFFER_SUBJECT = "Se liberó un turno para usted — lista de espera del IESS"


def every_seat_taken():
    """Every seat of the agency's booking window taken; one seat, on a working day
    two or more days ahead at 10:00, by a turn its holder will cancel."""
    from django.db.models import F
    from django.utils import timezone

    from clavepatronal.appointments.models import Agency, Slot
    from clavepatronal.appointments.selectors import working_day_is
    from clavepatronal.appointments.services import calendar_version_bump
    from clavepatronal.catalogue.constants import CLAVE_PATRONAL_CODE
    from clavepatronal.catalogue.models import ProcedureType
    from tests.appointments.factories import TurnFactory, window_fill

    agency = Agency.objects.get(name=AGENCY)
    window_fill(agency)
    day = timezone.localdate() + datetime.timedelta(days=2)
    while not working_day_is(day=day, agency=agency):
        day += datetime.timedelta(days=1)
    starts_at = datetime.datetime.combine(
        day, datetime.time(10, 0), tzinfo=timezone.get_default_timezone()
    )
    Slot.objects.filter(agency=agency, starts_at=starts_at).update(
        booked=F("booked") - 1
    )
    holder = TurnFactory(
        agency=agency,
        starts_at=starts_at,
        procedure_type=ProcedureType.objects.get(code=CLAVE_PATRONAL_CODE),
    )
    calendar_version_bump(agency_id=agency.pk)
    return holder


def cancel(turn_id: int) -> None:
    from clavepatronal.appointments.models import Turn
    from clavepatronal.appointments.services import turn_cancel

    turn_cancel(turn=Turn.objects.get(pk=turn_id))


def fast_client_tries(starts_at) -> tuple[str, str]:
    """Another verified person at step g of the same agency (the test client, as
    a program polls it), then *Confirmar* for the freed hour itself."""
    from django.test import Client
    from django.urls import reverse

    from clavepatronal.appointments.models import Agency
    from clavepatronal.catalogue.constants import CLAVE_PATRONAL_CODE
    from clavepatronal.catalogue.models import ProcedureType
    from tests.appointments.conftest import journey_session

    client = Client()
    agency = Agency.objects.get(name=AGENCY)
    clave = ProcedureType.objects.get(code=CLAVE_PATRONAL_CODE)
    journey_session(client, agency, clave, starts_at=starts_at)
    calendar = client.get(reverse("appointments:schedule")).content.decode()
    confirm = client.post(reverse("appointments:summary"), follow=True)
    return calendar, confirm.content.decode()


def offer_state():
    from clavepatronal.appointments.models import WaitlistEntry, WaitlistOffer

    offer = WaitlistOffer.objects.select_related("entry", "slot").get()
    return offer, WaitlistEntry.objects.get(pk=offer.entry_id)


def turn_of(offer_id: int) -> dict:
    from clavepatronal.appointments.models import WaitlistOffer

    turn = WaitlistOffer.objects.select_related("turn__slot").get(pk=offer_id).turn
    return {
        "identification": turn.identification,
        "status": turn.status,
        "slot_id": turn.slot_id,
        "booked": turn.slot.booked,
    }


def test_a_freed_seat_goes_to_the_waiting_list_first(
    page,
    assert_accessible,
    mail_folder,  # noqa: F811
):
    holder = orm(every_seat_taken)

    # The person's journey finds no free hour: step g offers the waiting list.
    journey_to_the_agency(page, assert_accessible, mail_folder)
    choose_the_agency(page, assert_accessible, javascript=True)
    expect(
        page.get_by_role("heading", name="No hay turnos disponibles")
    ).to_be_visible()
    page.get_by_role("link", name="Unirme a la lista de espera").click()
    expect(page.locator("h1")).to_have_text("Unirme a la lista de espera")
    expect(page.locator("main")).to_contain_text("HMAC-SHA256")
    fits_a_phone(page, assert_accessible)
    page.get_by_label("Cualquier día y hora").check()
    page.get_by_role("button", name="Unirme a la lista de espera").click()
    expect(page.locator("h1")).to_have_text("Su inscripción en la lista de espera")
    expect(page.locator(".panel")).to_contain_text("En la lista de espera")
    fits_a_phone(page, assert_accessible)

    # A turn is cancelled: its seat is held for the person, by e-mail.
    orm(lambda: cancel(holder.pk))
    offer, entry = orm(offer_state)
    assert entry.identification == CEDULA and entry.status == WaitlistStatus.OFRECIDO
    assert offer.slot.booked == offer.slot.capacity  # still counted: nobody sees it
    # A long encoded subject is folded onto the next line: compare it stripped.
    (message,) = [
        m for m in mails(mail_folder) if m["Subject"].strip() == OFFER_SUBJECT
    ]
    assert message["To"] == EMAIL
    body = message.get_body(("plain",)).get_content()
    link = re.search(r"https?://[^/\s]+(/turnos/lista-de-espera/oferta/\S+/)", body)
    assert link, body
    link = link.group(1)

    # Meanwhile a fast client sees no free hour and cannot book the freed one.
    calendar, confirm = orm(lambda: fast_client_tries(holder.slot.starts_at))
    assert "No hay turnos disponibles" in calendar
    assert "sin disponibilidad" in confirm
    assert orm(offer_state)[0].status == OfferStatus.ABIERTA

    # The person opens the e-mailed link and takes it.
    page.goto(link)
    expect(page.locator("h1")).to_have_text("Turno liberado para usted")
    expect(page.locator("main")).to_contain_text("guardado para usted hasta")
    fits_a_phone(page, assert_accessible)
    page.get_by_role("button", name="Tomar este turno").click()
    expect(page.locator("h1")).to_have_text("Confirmación del Turno en Línea")
    fits_a_phone(page, assert_accessible)

    offer, entry = orm(offer_state)
    assert offer.status == OfferStatus.TOMADA
    assert entry.status == WaitlistStatus.ATENDIDA
    turn = orm(lambda: turn_of(offer.pk))
    assert (turn["identification"], turn["status"]) == (CEDULA, TurnStatus.RESERVADO)
    # The turn is in the held seat: no second seat was taken.
    assert turn["slot_id"] == holder.slot_id
    assert turn["booked"] == offer.slot.capacity
