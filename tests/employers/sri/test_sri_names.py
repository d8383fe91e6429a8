"""The SRI's answer on screen: the razón social as the SRI gives it and only for the
RUC it answered about (a long name never blocks the registration; one RUC's name
never reaches another RUC's registration, in any order of answers, refusals and
time-outs), and «RUC no verificado con el SRI» wherever it matters."""

import itertools
import re
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse

from clavepatronal.employers.models import Registration, RegistrationDraft
from clavepatronal.employers.sri.standin import Rucs
from clavepatronal.employers.tasks import registration_sri_recheck_task

from ..conftest import draft_key, draft_url
from .test_registration import employer_page, post, taxpayer_file

pytestmark = pytest.mark.django_db

FOUND_A, FOUND_B = "1791251237001", "1790016919001"
NAMES = {FOUND_A: "EMPRESA PRIMERA DE PRUEBA S.A.", FOUND_B: "SEGUNDA CIA. LTDA."}
# Each kind of answer, twice (two different RUCs), so any pair can be tried.
ANSWERS = {
    "encontrado": (FOUND_A, FOUND_B),
    "rechazado": (Rucs.SUSPENDIDO, Rucs.FANTASMA),
    "sin respuesta": (Rucs.ERROR_500, Rucs.MALFORMADO),
}


def taxpayer(folder, ruc: str, name: str) -> None:
    taxpayer_file(folder, ruc, like=Rucs.SOCIEDAD_ACTIVA, name=name)


@pytest.fixture
def companies(sri_fixtures):
    for ruc, name in NAMES.items():
        taxpayer(sri_fixtures, ruc, name)
    return sri_fixtures


def shown_name(response) -> str:
    """The razón social the page shows in its field (what a browser sends back)."""
    match = re.search(
        r'<input[^>]*name="business_name"[^>]*>', response.content.decode()
    )
    value = re.search(r'value="([^"]*)"', match.group(0)) if match else None
    return unescape(value.group(1)) if value else ""


@pytest.mark.parametrize(
    ("first", "second"),
    [pair for pair in itertools.product(ANSWERS, repeat=2)],
    ids=lambda kind: kind.replace(" ", "_"),
)
def test_one_rucs_name_never_reaches_another_ruc(
    first, second, client, answers, companies, sri_settings
):
    ruc_a, ruc_b = ANSWERS[first][0], ANSWERS[second][1]
    first_page = employer_page(client, answers, identification=ruc_a, business_name="")
    if first_page.status_code == 302:  # accepted: the person goes back to change it
        first_page = client.get(draft_url(client, "step", step="empleador"))
    carried = shown_name(first_page) or "NOMBRE ESCRITO POR LA PERSONA"
    page = post(
        client,
        "empleador",
        {
            **answers("PRIVADO")["empleador"],
            "identification": ruc_b,
            "business_name": carried,
        },
    )
    names_of_a = {shown_name(first_page)} - {""}
    if page.status_code == 302:  # accepted: B is stored, with B's name
        page = client.get(draft_url(client, "step", step="empleador"))
    kept = RegistrationDraft.objects.get(key=draft_key(client)).state["answers"]
    employer = kept.get("empleador") or {}
    assert shown_name(page) not in names_of_a  # the page B's answer came back on
    if employer.get("identification") == ruc_b:
        assert employer["business_name"] not in names_of_a
    if second == "encontrado":
        assert employer["business_name"] == NAMES[ruc_b]
    if names_of_a and second == "sin respuesta":
        assert "Escriba la razón social" in page.content.decode()


def test_a_razon_social_longer_than_the_typed_limit_is_taken_whole(
    client, answers, register, sri_fixtures, sri_settings
):
    """211 characters, as the SRI has it: the read-only field never refuses it, and
    the registration, its review and its documents carry it whole."""
    long_name = ("COOPERATIVA DE AHORRO Y CREDITO DE LOS TRABAJADORES " * 5)[:211]
    taxpayer(sri_fixtures, FOUND_A, long_name)
    data = answers("PRIVADO")
    data["empleador"] = {**data["empleador"], "identification": FOUND_A}
    page = employer_page(client, answers, identification=FOUND_A)
    assert "Escriba como máximo" not in page.content.decode()
    done = register(client, data)
    assert done.status_code == 200
    registration = Registration.objects.get(employer_identification=FOUND_A)
    assert registration.business_name == long_name
    assert len(registration.business_name) == 211


def test_a_typed_name_keeps_its_limit(client, answers, sri_settings):
    page = employer_page(
        client, answers, identification=Rucs.ERROR_500, business_name="X" * 201
    )
    assert "Escriba como máximo 200 caracteres (tiene 201)" in page.content.decode()


UNVERIFIED = "RUC no verificado con el SRI"


def test_an_unverified_ruc_is_said_on_every_page_and_mail_until_verified(
    client, answers, fill, register, settings, sri_standin
):
    """Review, done page, e-mail and the documents' verification page all say it,
    with what happens next; once the recheck verifies it, the verification page
    stops saying it."""
    settings.SRI_BASE_URL = "http://127.0.0.1:9"  # nothing listens there
    review = client.get(fill(client, answers()).url).content.decode()
    assert UNVERIFIED in review and "usted no tiene que hacer nada más" in review
    done = register(client, answers()).content.decode()
    assert "Registro completado" in done and UNVERIFIED in done
    assert UNVERIFIED in mail.outbox[-1].body
    registration = Registration.objects.get()
    verify = reverse(
        "documents:verify_code", kwargs={"code": registration.solicitud.code}
    )
    assert UNVERIFIED in client.get(verify).content.decode()

    settings.SRI_BASE_URL = sri_standin.base_url
    assert registration_sri_recheck_task.call(registration_id=registration.pk) == (
        "found"
    )
    assert UNVERIFIED not in client.get(verify).content.decode()


def test_a_verified_ruc_shows_no_unverified_mark(client, answers, fill, sri_settings):
    review = client.get(fill(client, answers()).url).content.decode()
    assert UNVERIFIED not in review
