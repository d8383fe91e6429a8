"""Registro nuevo empleador with the SRI: the real client against the stand-in SRI
on a free port (sri_settings), through Django's test client as a person does it."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from clavepatronal.audit.models import AuditEvent
from clavepatronal.employers.models import Registration
from clavepatronal.employers.services import registration_create
from clavepatronal.employers.sri.standin import Rucs
from clavepatronal.employers.tasks import registration_sri_recheck_task

from ..conftest import draft_url, refused_page
from ..factories import CEDULA, cleaned

pytestmark = pytest.mark.django_db

SRI_NAME = "COMERCIAL ANDINA S.A."


def post(client, page, data):
    """Post a page (the sector page begins a new draft); a refused one answers with
    its own page, which shows why."""
    if page == "sector":
        response = client.post(reverse("employers:new"), data)
    else:
        response = client.post(draft_url(client, "step", step=page), data)
    return refused_page(client, response) if response.status_code == 303 else response


def employer_page(client, answers, sector="PRIVADO", **employer):
    """Choose the sector, then send the employer page; returns its response."""
    data = answers(sector)
    post(client, "sector", data["sector"])
    return post(client, "empleador", {**data["empleador"], **employer})


def taxpayer_file(folder, ruc: str, *, like: str, name: str = "") -> str:
    """A stand-in taxpayer `ruc` answered like the one of RUC `like` (named `name`
    when given)."""
    element = json.loads((folder / f"{like}.json").read_text())
    element[0]["numeroRuc"] = ruc
    if name:
        element[0]["razonSocial"] = name
    (folder / f"{ruc}.json").write_text(json.dumps(element))
    return ruc


def sri_events():
    return list(AuditEvent.objects.filter(action="sri.consultado").order_by("pk"))


def assert_refused(response, *texts):
    assert response.refused.status_code == 303
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hay un problema" in page
    for text in texts:
        assert text in page, text


# Refusals on the employer page ------------------------------------------------


def test_a_ruc_the_sri_does_not_know_is_refused(client, answers, sri_settings):
    response = employer_page(client, answers, identification=Rucs.DESCONOCIDO)
    assert_refused(
        response, f"El SRI no tiene registrado el RUC {Rucs.DESCONOCIDO}. Revise"
    )
    event = sri_events()[-1]
    assert event.data["outcome"] == "not_found"
    assert event.data["decision"] == "sri_not_found"
    assert client.get(draft_url(client, "review")).url.endswith("/empleador/")


def test_a_suspended_ruc_is_refused_naming_its_status(client, answers, sri_settings):
    response = employer_page(client, answers, identification=Rucs.SUSPENDIDO)
    assert_refused(response, f"Según el SRI, el RUC {Rucs.SUSPENDIDO} está SUSPENDIDO")
    assert sri_events()[-1].data["decision"] == "sri_inactive"


def test_a_fantasma_is_refused(client, answers, sri_settings):
    response = employer_page(client, answers, identification=Rucs.FANTASMA)
    assert_refused(response, "contribuyente fantasma")
    assert sri_events()[-1].data["fantasma"] is True


def test_transacciones_inexistentes_are_refused(client, answers, sri_settings):
    response = employer_page(
        client, answers, identification=Rucs.TRANSACCIONES_INEXISTENTES
    )
    assert_refused(response, "transacciones inexistentes")
    assert sri_events()[-1].data["decision"] == "sri_transacciones"


def test_a_sociedad_as_domestic_employer_is_told_to_choose_privado(
    client, answers, sri_settings
):
    response = employer_page(
        client, answers, "DOMESTICO", identification=Rucs.SOCIEDAD_ACTIVA
    )
    assert_refused(
        response,
        "es de una sociedad, y una sociedad no es empleador doméstico",
        "escoja el sector «Privado»",
    )
    assert sri_events()[-1].data["tipo"] == "SOCIEDAD"


def test_a_natural_persons_ruc_as_domestic_employer_is_told_to_use_the_cedula(
    client, answers, sri_settings
):
    response = employer_page(
        client, answers, "DOMESTICO", identification=Rucs.PERSONA_NATURAL
    )
    assert_refused(response, "se registra con su cédula, sin RUC: escriba 1710034065")


def test_a_persona_natural_as_public_sector_is_told_what_to_choose(
    client, answers, sri_settings, sri_fixtures
):
    # A third-digit-6 RUC that the SRI lists as a natural person.
    ruc = taxpayer_file(sri_fixtures, "1760009990001", like=Rucs.PERSONA_NATURAL)
    response = employer_page(client, answers, "PUBLICO", identification=ruc)
    assert_refused(
        response,
        "es de una persona natural, no de una entidad pública",
        "escoja el sector «Privado»",
    )


def test_a_sociedad_as_artisan_is_told_to_choose_privado(
    client, answers, sri_settings, sri_fixtures
):
    # A natural person's RUC by its digits that the SRI lists as a sociedad.
    ruc = taxpayer_file(sri_fixtures, "1714126511001", like=Rucs.SOCIEDAD_ACTIVA)
    response = employer_page(client, answers, "ARTESANO", identification=ruc)
    assert_refused(response, "es de una sociedad. El artesano calificado")


# The representative -------------------------------------------------------------


def test_a_representative_the_sri_does_not_list_is_refused(
    client, answers, sri_settings
):
    data = answers(representante__id_number=CEDULA)
    for page in ("sector", "empleador"):
        assert post(client, page, data[page]).status_code == 302
    response = post(client, "representante", data["representante"])
    assert_refused(
        response,
        f"El SRI registra otro representante legal para el RUC {Rucs.SOCIEDAD_ACTIVA}",
        "actualícelo primero en el SRI",
    )
    assert sri_events()[-1].data["decision"] == "sri_representative"
    assert Registration.objects.count() == 0


def test_a_public_entitys_representative_must_be_the_sris_too(
    client, answers, sri_settings
):
    data = answers("PUBLICO", representante__id_number="1714126511")
    for page in ("sector", "empleador"):
        assert post(client, page, data[page]).status_code == 302
    response = post(client, "representante", data["representante"])
    assert_refused(response, "El SRI registra otro representante legal")


def test_a_sociedad_registers_with_its_second_representative(
    client, answers, register, sri_settings
):
    register(client, answers(representante__id_number="1714126511"))
    registration = Registration.objects.get()
    assert registration.rep_identification == "1714126511"
    assert registration.sri_status == "VERIFICADO"
    assert registration.sri_checked_at is not None
    assert registration.sri_detail == "ACTIVO, SOCIEDAD."


# The razón social ---------------------------------------------------------------


def test_the_razon_social_comes_from_the_sri_and_is_shown_read_only(
    client, answers, register, sri_settings
):
    data = answers(empleador__business_name="")
    response = employer_page(client, answers, business_name="")
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert f"El SRI confirmó el RUC {Rucs.SOCIEDAD_ACTIVA}: {SRI_NAME}." in page

    page = client.get(draft_url(client, "step", step="empleador")).content.decode()
    assert f'value="{SRI_NAME}"' in page
    assert "readonly" in page
    assert "Como consta en el SRI" in page
    # A name typed over the read-only field does not change it.
    response = post(client, "empleador", {**data["empleador"], "business_name": "X"})
    assert response.status_code == 302

    response = register(client, data)
    registration = Registration.objects.get()
    assert registration.business_name == SRI_NAME
    assert registration.solicitud.holder_name == SRI_NAME
    assert registration.sri_status == "VERIFICADO"
    assert "Registro completado" in response.content.decode()


def test_review_says_the_name_is_the_sris(client, answers, fill, sri_settings):
    fill(client, answers())
    page = client.get(draft_url(client, "review")).content.decode()
    assert f"{SRI_NAME} (según el SRI)" in page


def test_a_domestic_employer_is_never_looked_up(
    client, answers, register, sri_settings, sri_standin
):
    register(client, answers("DOMESTICO"))
    registration = Registration.objects.get()
    assert registration.sri_status == "NO_APLICA"
    assert registration.business_name == "María Fernanda Loor Vera"
    assert sri_events() == []
    assert sum(sri_standin.app.hits.values()) == 0


def test_every_lookup_is_audited_without_the_answer(
    client, answers, register, sri_settings
):
    register(client, answers())
    events = sri_events()
    # The employer page, then the registration itself (from the cache).
    assert [event.data["decision"] for event in events] == ["aceptado", "VERIFICADO"]
    assert events[1].target_id == str(Registration.objects.get().pk)
    assert events[1].data["cached"] is True
    for event in events:
        text = json.dumps(event.data)
        assert "COMERCIAL" not in text and "VERA LOOR" not in text
        assert event.data["representatives"] == 2


# When the SRI does not answer -----------------------------------------------------


@pytest.mark.parametrize("ruc", [Rucs.LENTO, Rucs.ERROR_500, Rucs.MALFORMADO])
def test_an_sri_that_fails_lets_the_registration_go_on_marked(
    client, answers, register, sri_settings, ruc
):
    sri_settings.SRI_READ_TIMEOUT = 0.3
    register(client, answers(empleador__identification=ruc))
    registration = Registration.objects.get()
    assert registration.sri_status == "NO_VERIFICADO"
    assert registration.business_name == "Comercial Andina S.A."  # as typed
    assert "Sin respuesta del SRI" in registration.sri_detail


def test_with_the_sri_down_the_name_is_asked_for_and_the_recheck_fills_the_result(
    client, answers, register, settings, sri_standin
):
    settings.SRI_BASE_URL = "http://127.0.0.1:9"  # nothing listens there
    response = employer_page(client, answers, business_name="")
    assert_refused(response, "El SRI no responde en este momento")
    response = employer_page(client, answers)
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "No pudimos consultar su RUC en el SRI" in page

    response = register(client, answers())
    assert "Registro completado" in response.content.decode()
    registration = Registration.objects.get()
    assert registration.sri_status == "NO_VERIFICADO"
    assert "no se pudo conectar con el SRI" in registration.sri_detail
    assert registration.get_sri_status_display() == "RUC no verificado con el SRI"

    # The SRI is back: the retry task records its answer, once.
    settings.SRI_BASE_URL = sri_standin.base_url
    assert registration_sri_recheck_task.call(registration_id=registration.pk) == (
        "found"
    )
    registration.refresh_from_db()
    assert registration.sri_status == "VERIFICADO"
    assert registration.business_name == "Comercial Andina S.A."
    assert registration_sri_recheck_task.call(registration_id=registration.pk) == ""
    last = sri_events()[-1]
    assert last.actor_label == "verificación con el SRI"
    assert last.data["decision"] == "VERIFICADO"


def test_a_worker_that_can_defer_asks_again_later_until_the_sri_answers(
    answers, settings, sri_standin, django_capture_on_commit_callbacks
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    settings.SRI_BASE_URL = "http://127.0.0.1:9"
    backend = registration_sri_recheck_task.get_backend()

    def rechecks():
        return [
            result
            for result in backend.results
            if result.task.func is registration_sri_recheck_task.func
        ]

    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_create(
            data=cleaned(answers()), email_verified_at=timezone.now()
        )
    assert registration.sri_status == "NO_VERIFICADO"
    (first,) = rechecks()
    assert first.kwargs == {"registration_id": registration.pk, "attempt": 1}
    wait = first.task.run_after - timezone.now()
    assert datetime.timedelta(minutes=9) < wait <= datetime.timedelta(minutes=10)

    # Still down: asked again later, longer.
    with django_capture_on_commit_callbacks(execute=True):
        registration_sri_recheck_task.call(**first.kwargs)
    second = rechecks()[-1]
    assert second.kwargs["attempt"] == 2
    assert second.task.run_after - timezone.now() > datetime.timedelta(minutes=19)

    settings.SRI_BASE_URL = sri_standin.base_url
    with django_capture_on_commit_callbacks(execute=True):
        registration_sri_recheck_task.call(**second.kwargs)
    registration.refresh_from_db()
    assert registration.sri_status == "VERIFICADO"
    assert len(rechecks()) == 2  # nothing more to ask


def test_a_later_answer_that_does_not_confirm_is_recorded_for_the_officer(
    answers, settings, sri_standin
):
    settings.SRI_BASE_URL = "http://127.0.0.1:9"
    registration = registration_create(
        data=cleaned(answers(empleador__identification=Rucs.SUSPENDIDO)),
        email_verified_at=timezone.now(),
    )
    settings.SRI_BASE_URL = sri_standin.base_url
    registration_sri_recheck_task.call(registration_id=registration.pk)
    registration.refresh_from_db()
    assert registration.sri_status == "OBSERVADO"
    assert "está SUSPENDIDO" in registration.sri_detail
    assert "Razón social en el SRI: CONSTRUCTORA LOS ALISOS" in registration.sri_detail
