"""The waiting list's pages: «Unirme a la lista de espera» where the journey found
no seat, the join form (the session's verified person, never typed numbers), the
entry's page, the offer's page and the employer's page behind its notice."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clavepatronal.appointments.constants import (
    SESSION_KEY,
    OfferStatus,
    TurnStatus,
    WaitlistStatus,
)
from clavepatronal.appointments.models import Turn, WaitlistEntry, WaitlistOffer
from clavepatronal.appointments.selectors.waitlist import (
    EMPLOYER_LINK,
    ENTRY_LINK,
    OFFER_LINK,
    waitlist_link_token,
)
from clavepatronal.appointments.services import calendar_version_bump, turn_cancel

from .conftest import employer_proof, journey_session, verified_person
from .factories import SlotFactory, window_fill
from .test_admin import admin_client  # noqa: F401
from .test_views import first_free, inicio
from .test_waitlist import ahead_day, at, book, join, quito  # noqa: F401

pytestmark = pytest.mark.django_db
JOIN = reverse("appointments:waitlist_join")


def link(kind: str, pk: int) -> str:
    name = {
        ENTRY_LINK: "waitlist_entry",
        OFFER_LINK: "waitlist_offer",
        EMPLOYER_LINK: "waitlist_employer",
    }[kind]
    return reverse(f"appointments:{name}", args=[waitlist_link_token(kind=kind, pk=pk)])


def state_update(client, **changes) -> None:
    session = client.session
    session[SESSION_KEY] = {**session[SESSION_KEY], **changes}
    session.save()


def test_step_g_without_a_free_hour_offers_the_waiting_list(client, quito, clave):  # noqa: F811
    journey_session(client, quito, clave)
    page = client.get(reverse("appointments:schedule")).content.decode()
    assert "Unirme a la lista de espera" not in page  # free hours: book one
    window_fill(quito)
    calendar_version_bump(agency_id=quito.pk)  # as a booking's transaction would
    page = client.get(reverse("appointments:schedule")).content.decode()
    assert "No hay turnos disponibles" in page
    assert f'href="{JOIN}"' in page


def test_confirmar_without_a_seat_left_offers_the_waiting_list(client, quito, clave):  # noqa: F811
    journey_session(client, quito, clave)
    starts_at = first_free(quito)
    client.post(reverse("appointments:schedule_confirm"), {"inicio": inicio(starts_at)})
    SlotFactory(agency=quito, starts_at=starts_at, full=True)
    response = client.post(reverse("appointments:summary"), follow=True)
    page = response.content.decode()
    assert "sin disponibilidad" in page
    assert f'href="{JOIN}"' in page


def test_joining_from_the_journey(client, quito, clave):  # noqa: F811
    person = journey_session(client, quito, clave)
    page = client.get(JOIN).content.decode()
    assert "Unirme a la lista de espera" in page
    assert "HMAC-SHA256" in page and "30 minutos" in page
    day = ahead_day()
    response = client.post(
        JOIN, {"cuando": "elegir", "dias": [day.isoformat()], "horas": ["10"]}
    )
    entry = WaitlistEntry.objects.get()
    assert response.url == link(ENTRY_LINK, entry.pk)
    assert entry.identification == person["identification"]
    assert entry.email == person["email"]
    assert entry.days == [day.isoformat()]
    assert entry.hours == ["10:00", "10:20", "10:40"]
    page = client.get(response.url).content.decode()
    assert "En la lista de espera" in page
    assert "Salir de la lista de espera" in page


def test_choosing_days_needs_a_day_or_an_hour(client, quito, clave):  # noqa: F811
    journey_session(client, quito, clave)
    response = client.post(JOIN, {"cuando": "elegir"})
    assert response.status_code == 200
    assert "Elija al menos un día o una hora" in response.content.decode()
    assert not WaitlistEntry.objects.exists()


def test_joining_needs_the_verified_journey(client, quito):  # noqa: F811
    response = client.post(JOIN, {"cuando": "cualquiera"})
    assert response.url == reverse("appointments:identification")
    assert not WaitlistEntry.objects.exists()


def test_a_person_waiting_for_the_employer_is_told_how_to_prove_it(
    client,
    quito,  # noqa: F811
    clave,
    registration,
):
    """A journey that chose to wait for the employer's confirmation cannot join:
    the page says to type the code sent to the registration's mailbox."""
    authorized = verified_person(
        now=timezone.now(),
        identification=registration.authorized_identification,
        identification_type=registration.authorized_id_type,
        employer=False,
    )
    journey_session(client, quito, clave)
    state_update(
        client,
        identification=authorized["identification"],
        identification_type=authorized["identification_type"],
        email=authorized["email"],
        verification_id=authorized["verification_id"],
        employer_identification=registration.employer_identification,
        holder_role="TERCERO_AUTORIZADO",
        employer_ok="pendiente",
    )
    page = client.get(JOIN).content.decode()
    assert "Falta la prueba del empleador" in page
    response = client.post(JOIN, {"cuando": "cualquiera"})
    assert "código que enviamos al correo de su registro" in response.content.decode()
    assert not WaitlistEntry.objects.exists()
    # With the code read from that mailbox, it joins.
    state_update(
        client,
        employer_ok="codigo",
        employer_proof_id=employer_proof(registration, now=timezone.now()),
    )
    client.post(JOIN, {"cuando": "cualquiera"})
    assert WaitlistEntry.objects.get().registration == registration


def test_a_person_with_a_turn_is_sent_its_link_instead(client, quito, clave):  # noqa: F811
    person = journey_session(client, quito, clave)
    book(quito, clave, at(ahead_day()), person)
    response = client.post(JOIN, {"cuando": "cualquiera"})
    assert response.status_code == 409
    assert "Ya existe un turno" in response.content.decode()
    assert not WaitlistEntry.objects.exists()


def test_the_offer_page_takes_the_seat(client, quito, clave):  # noqa: F811
    starts_at = at(ahead_day())
    holder = book(quito, clave, starts_at)
    entry = join(quito, clave)
    turn_cancel(turn=holder)
    offer = WaitlistOffer.objects.get()
    page = Client().get(link(OFFER_LINK, offer.pk)).content.decode()
    assert "Tomar este turno" in page and "No me sirve" in page
    response = Client().post(link(OFFER_LINK, offer.pk), {"accion": "tomar"})
    turn = Turn.objects.get(identification=entry.identification)
    assert turn.status == TurnStatus.RESERVADO
    assert response.url.startswith("/turnos/turno/")
    page = Client().get(link(OFFER_LINK, offer.pk)).content.decode()
    assert "Usted tomó este lugar" in page and "Ver mi turno" in page


def test_the_offer_page_passes_the_seat_on(client, quito, clave):  # noqa: F811
    starts_at = at(ahead_day())
    holder = book(quito, clave, starts_at)
    entry = join(quito, clave)
    turn_cancel(turn=holder)
    offer = WaitlistOffer.objects.get()
    response = Client().post(
        link(OFFER_LINK, offer.pk), {"accion": "rechazar"}, follow=True
    )
    assert "pasó a la siguiente persona" in response.content.decode()
    offer.refresh_from_db()
    entry.refresh_from_db()
    assert offer.status == OfferStatus.RECHAZADA
    assert entry.status == WaitlistStatus.CANCELADA


def test_an_expired_offer_page_says_so_and_takes_nothing(client, quito, clave):  # noqa: F811
    starts_at = at(ahead_day())
    holder = book(quito, clave, starts_at)
    entry = join(quito, clave)
    turn_cancel(turn=holder)
    offer = WaitlistOffer.objects.get()
    WaitlistOffer.objects.filter(pk=offer.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = Client().post(
        link(OFFER_LINK, offer.pk), {"accion": "tomar"}, follow=True
    )
    page = response.content.decode()
    assert "El tiempo para tomar este lugar terminó" in page
    assert "Tomar este turno" not in page
    assert not Turn.objects.filter(identification=entry.identification).exists()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.VENCIDA  # lapsed as soon as it was opened


def test_leaving_from_the_entry_page(quito, clave):  # noqa: F811
    entry = join(quito, clave)
    response = Client().post(link(ENTRY_LINK, entry.pk), follow=True)
    assert "salió de la lista de espera" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == WaitlistStatus.CANCELADA


def test_the_employer_page_says_no_fui_yo(quito, clave, registration):  # noqa: F811
    authorized = {
        **verified_person(
            now=timezone.now(),
            identification=registration.authorized_identification,
            identification_type=registration.authorized_id_type,
            employer=False,
        ),
        "employer_identification": registration.employer_identification,
        "employer_proof_id": employer_proof(registration, now=timezone.now()),
    }
    entry = join(quito, clave, authorized)
    page = Client().get(link(EMPLOYER_LINK, entry.pk)).content.decode()
    assert registration.business_name in page and "No fui yo" in page
    Client().post(link(EMPLOYER_LINK, entry.pk), {"accion": "no_fui_yo"})
    entry.refresh_from_db()
    assert entry.status == WaitlistStatus.CANCELADA
    # A person's link is not the employer's, nor the other way round.
    assert (
        Client()
        .get(link(ENTRY_LINK, entry.pk).replace("inscripcion", "empleador"))
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    "path",
    [
        "/turnos/lista-de-espera/oferta/nada/",
        "/turnos/lista-de-espera/inscripcion/nada:x/",
        "/turnos/lista-de-espera/empleador/.eJz/",
    ],
)
def test_a_bad_waitlist_link_is_a_spanish_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "El enlace de la lista de espera no es válido" in response.content.decode()


def test_the_admin_shows_entries_and_offers_read_only(admin_client, quito, clave):  # noqa: F811
    starts_at = at(ahead_day())
    holder = book(quito, clave, starts_at)
    join(quito, clave)
    turn_cancel(turn=holder)
    for model in ("waitlistentry", "waitlistoffer"):
        changelist = reverse(f"admin:appointments_{model}_changelist")
        assert admin_client.get(changelist).status_code == 200
        add = reverse(f"admin:appointments_{model}_add")
        assert admin_client.get(add).status_code == 403
