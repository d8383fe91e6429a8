"""Issue 17 (3): a refused send of either page follows Post/Redirect/Get. It answers
303 to its own page (page 2: the draft's), which shows the refusal once (with the
files that passed), so a reload or the back button never asks to send again."""

import re

import pytest
from django.urls import reverse

from clavepatronal.procedures.models import Tramite

from . import files
from .conftest import Ventanilla, post_multipart
from .test_submission import foreigner  # noqa: F401

pytestmark = pytest.mark.django_db


def refused_post(ventanilla: Ventanilla, uploads: dict, **fields):
    """Page 2 sent by hand, without following the redirect."""
    with ventanilla.on_commit(execute=True):
        return post_multipart(ventanilla.client, ventanilla.url, fields, uploads)


def test_a_refused_send_answers_303_to_the_draft_page_which_shows_it_once(
    ventanilla, good_files, client
):
    ventanilla.start()
    refused = refused_post(ventanilla, {**good_files, "solicitud": ("s.pdf", b"x")})
    assert refused.status_code == 303
    assert refused["Location"] == ventanilla.url
    assert Tramite.objects.count() == 0

    first = client.get(refused["Location"])
    assert first.status_code == 200
    assert list(first.context["form"].errors) == ["solicitud"]
    page = first.text
    assert 'role="alert"' in page and 'aria-invalid="true"' in page
    assert "<title>Error:" in page
    assert page.count(">Reemplazar<") == 3  # the three that passed

    reload = client.get(ventanilla.url)
    assert reload.status_code == 200
    assert not reload.context["form"].errors  # shown once
    assert reload.text.count(">Reemplazar<") == 3  # nothing lost


def test_a_refusal_shows_only_in_the_tab_that_sent_it(ventanilla, good_files, client):
    ventanilla.start()
    other_tab = ventanilla.url
    ventanilla.start()
    refused_post(ventanilla, {**good_files, "solicitud": ("s.pdf", files.pdf())})
    assert not client.get(other_tab).context["form"].errors
    assert "solicitud" in client.get(ventanilla.url).context["form"].errors


def test_the_choice_of_foreign_document_survives_the_redirect(
    foreigner,  # noqa: F811
    client,
    applicant_data,
    django_capture_on_commit_callbacks,
):
    ventanilla = Ventanilla(
        client,
        {**applicant_data, "id_type": "PASAPORTE", "id_number": "N1234567"},
        django_capture_on_commit_callbacks,
    )
    ventanilla.start()
    page = ventanilla.submit(
        {"identificacion-extranjero": ("visa.jpg", files.jpg())},
        foreign_document="VISA",
    )
    assert page.refused.status_code == 303
    form = page.context["form"]
    assert {"solicitud", "acuerdo", "ruc"} <= set(form.errors)
    assert form["foreign_document"].value() == "VISA"
    assert re.search(r'value="VISA"[^>]*checked', page.text)


def test_a_refused_page_one_answers_303_to_itself_and_keeps_what_was_typed(
    ventanilla, client, applicant_data, registration
):
    new = reverse("procedures:applicant")
    response = client.post(new, {**applicant_data, "employer": "1790011674"})
    assert response.status_code == 303 and response["Location"] == new
    page = client.get(new)
    assert "employer" in page.context["form"].errors
    assert 'value="Juan Carlos Pérez Andrade"' in page.text
    assert not client.get(new).context["form"].is_bound  # shown once

    ventanilla.start()
    again = reverse("procedures:applicant_draft", args=[ventanilla.key])
    response = client.post(again, {**applicant_data, "email": "x"})
    assert response["Location"] == again
    assert "email" in client.get(again).context["form"].errors


def _uploads_refused() -> dict[str, float]:
    from prometheus_client import REGISTRY

    return {
        sample.labels["reason"]: sample.value
        for family in REGISTRY.collect()
        if family.name == "clavepatronal_uploads_refused"
        for sample in family.samples
        if sample.name.endswith("_total")
    }


def test_a_refused_file_is_counted_once_by_its_refusal_code(ventanilla, good_files):
    ventanilla.start()
    before = _uploads_refused()
    refused_post(ventanilla, {**good_files, "solicitud": ("s.pdf", b"x")})
    after = _uploads_refused()
    moved = {r: after[r] - before.get(r, 0) for r in after if after[r] != before.get(r)}
    assert list(moved.values()) == [1]
    (reason,) = moved
    assert re.fullmatch(r"[a-z_]+", reason)
