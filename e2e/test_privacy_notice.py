"""The «Aviso de privacidad» in a real browser: reached from the footer and from a
form's link, readable on a phone, accessible; the short notice sits inside the form,
above its button."""

import pytest
from playwright.sync_api import expect

from .conftest import assert_fits_phones

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_notice_is_reached_from_the_footer_and_is_accessible(
    page, assert_accessible
):
    page.goto("/")
    page.locator("footer").get_by_role("link", name="Aviso de privacidad").click()
    expect(page.locator("h1")).to_have_text("Aviso de privacidad")
    for heading in (
        "Responsable y delegado de protección de datos",
        "Cuánto tiempo conservamos sus datos",
        "Dónde presentar un reclamo",
    ):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Se anonimizan")
    assert_accessible(page)
    assert_fits_phones(page)


def test_a_form_links_the_notice_and_explains_above_its_button(page, assert_accessible):
    page.goto("/ventanilla/tramite/")
    form = page.locator("form").filter(has=page.locator("[data-privacy-short]"))
    expect(form.locator("[data-privacy-short]")).to_contain_text(
        "Para qué usamos sus datos"
    )
    short = form.locator("[data-privacy-short]").bounding_box()
    button = form.get_by_role("button", name="Continuar").bounding_box()
    assert short["y"] + short["height"] <= button["y"]
    assert_accessible(page)
    form.get_by_role("link", name="Cómo usamos sus datos personales").click()
    expect(page).to_have_url(
        page.url.split("/privacidad/")[0] + "/privacidad/#finalidad-ventanilla"
    )
    expect(page.locator("#finalidad-ventanilla")).to_be_visible()
