"""Issue 16 (4, 5): the ventanilla shows no registration data to someone who only
typed numbers, and a stranger's filing never reaches the employer's portal."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from clavepatronal.employers.services.registration import _completion_email_send
from clavepatronal.procedures.models import Tramite, TramiteDraft
from clavepatronal.procedures.selectors import employer_tramite_list
from tests.employers.factories import CEDULA, RegistrationFactory
from tests.refusals import refused_page

from .factories import TramiteFactory

pytestmark = pytest.mark.django_db

STRANGER = "1713175071"


def registration_data(registration) -> list[str]:
    return [
        registration.business_name,
        registration.rep_names,
        registration.get_sector_display(),
        registration.artisan_number or "JNDA",
        "pasaporte",
    ]


@pytest.mark.parametrize("sector", ["PRIVADO", "ARTESANO", "DOMESTICO"])
def test_page_two_shows_no_registration_data_to_whoever_typed_the_numbers(
    sector, client, applicant_data
):
    registration = RegistrationFactory(sector=sector, foreign_representative=True)
    response = client.post(
        reverse("procedures:applicant"),
        {
            **applicant_data,
            "id_number": STRANGER,
            "names": "Persona Ajena",
            "employer": registration.employer_identification,
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    for value in registration_data(registration):
        assert value not in page.text, value
    assert "Continuar en la ventanilla virtual" in page.text


def continue_url(registration, on_commit) -> str:
    with on_commit(execute=True):
        _completion_email_send(registration=registration, documents={})
    (message,) = mail.outbox
    assert "Continuar en la ventanilla virtual" in message.body
    return re.search(r"https?://\S+/ventanilla/continuar/\S+/", message.body).group(0)


def test_the_registration_mail_link_prefills_the_form_and_shows_the_employer(
    client, django_capture_on_commit_callbacks
):
    registration = RegistrationFactory(sector="ARTESANO")
    url = continue_url(registration, django_capture_on_commit_callbacks)
    response = client.get("/" + url.split("://", 1)[1].split("/", 1)[1])
    key = TramiteDraft.objects.get().key
    assert response["Location"] == reverse("procedures:applicant_draft", args=[key])
    page = client.get(response["Location"])
    assert registration.business_name in page.text
    assert page.context["form"].initial["employer"] == (
        registration.employer_identification
    )
    data = {
        key: value
        for key, value in page.context["form"].initial.items()
        if value is not None
    }
    saved = client.post(response["Location"], {**data, "message": "Clave."})
    assert saved["Location"] == reverse("procedures:attachments", args=[key])
    second = client.get(saved["Location"])
    for value in registration_data(registration)[:4]:
        assert value in second.text, value


def test_a_tampered_continue_link_shows_nothing(client, registration):
    response = client.get(reverse("procedures:continue", args=["inventado"]))
    assert response["Location"] == reverse("procedures:applicant")
    page = client.get(reverse("procedures:applicant"), follow=True)
    assert "El enlace ya no es válido" in page.text
    assert registration.business_name not in page.text


def test_page_one_is_rate_limited_per_employer_and_changes_nothing(
    client, applicant_data, registration
):
    for _ in range(10):
        assert client.post(reverse("procedures:applicant"), applicant_data).status_code
    refused = client.post(
        reverse("procedures:applicant"), {**applicant_data, "message": "Otro pedido."}
    )
    refused = refused_page(client, refused)
    assert "Recibimos demasiados pedidos" in refused.text
    assert "\nOtro pedido.</textarea>" in refused.text  # nothing lost
    assert TramiteDraft.objects.count() == 10  # the refused page made no draft
    assert {d.state["message"] for d in TramiteDraft.objects.all()} == {
        applicant_data["message"]
    }


def test_a_stranger_s_trámite_stays_out_of_the_portal_until_the_employer_confirms(
    ventanilla, good_files, registration, client
):
    ventanilla.start(id_number=STRANGER, names="Persona Ajena")
    ventanilla.submit(good_files)
    tramite = Tramite.objects.get()
    assert not tramite.filed_by_party and tramite.by_third_party
    identification = registration.employer_identification
    assert list(employer_tramite_list(identification=identification)) == []
    notice = next(m for m in mail.outbox if m.to == [registration.email])
    link = re.search(r"/ventanilla/confirmar/\S+/", notice.body).group(0)
    assert client.get(link).status_code == 200  # looking changes nothing
    tramite.refresh_from_db()
    assert tramite.employer_confirmed_at is None
    confirmed = client.post(link, follow=True)
    assert list(employer_tramite_list(identification=identification)) == [tramite]
    # The number in the notice never breaks at its hyphens; the page's h1 neither.
    unbroken = f'<span class="tracking-number">{tramite.number}</span>'
    assert f"Confirmó el trámite {unbroken}: ya aparece" in confirmed.text
    assert f"Confirmar el trámite {unbroken}</h1>" in confirmed.text


def test_the_representative_from_the_mailed_link_reaches_the_portal(
    ventanilla, good_files, registration
):
    ventanilla.start_from_link(registration)
    ventanilla.submit(good_files)
    tramite = Tramite.objects.get()
    assert tramite.filed_by_party
    assert list(
        employer_tramite_list(identification=registration.employer_identification)
    ) == [tramite]
    assert [m.to for m in mail.outbox] == [["juan.perez@ejemplo.ec"]]


def test_typing_the_representatives_public_cedula_proves_nothing(
    ventanilla, good_files, registration
):
    """Issue 32 (3): the representative's name and cédula are public; without the
    registration mailbox's signed link the trámite waits for the employer."""
    ventanilla.start()  # the representative's cédula, typed
    ventanilla.submit(good_files)
    tramite = Tramite.objects.get()
    assert not tramite.filed_by_party and tramite.by_third_party
    assert not employer_tramite_list(
        identification=registration.employer_identification
    ).exists()
    notice = [m for m in mail.outbox if m.to == [registration.email]]
    assert len(notice) == 1 and "Un tercero presentó" in notice[0].subject


def test_officers_see_presentado_por_un_tercero(db):
    assert TramiteFactory(por_tercero=True).by_third_party
    assert not TramiteFactory().by_third_party
    domestic = RegistrationFactory(sector="DOMESTICO")
    assert domestic.employer_identification == CEDULA
