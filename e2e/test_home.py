import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ENTRY_POINTS = [
    ("Registro nuevo empleador", "/registro/", "Registro nuevo empleador"),
    ("Ventanilla virtual", "/ventanilla/", "Ventanilla virtual: Recepción de trámites"),
    (
        "Turnos para atención al ciudadano",
        "/turnos/",
        "Turnos para atención al ciudadano",
    ),
]


def test_home_and_each_entry_point_are_reachable_and_accessible(
    page, assert_accessible
):
    page.goto("/")
    expect(page.locator("h1")).to_have_text(
        "Generación de clave patronal de acceso al portal IESS"
    )
    expect(page.get_by_role("region", name="Horarios de atención")).to_contain_text(
        "lunes a viernes de 8:00 a 17:00"
    )
    assert_accessible(page)

    for link_text, path, heading in ENTRY_POINTS:
        page.goto("/")
        page.get_by_role("link", name=link_text, exact=True).click()
        expect(page).to_have_url(re.compile(re.escape(path) + "$"))
        expect(page.locator("h1")).to_have_text(heading)
        assert_accessible(page)


def test_keyboard_user_can_skip_to_content_and_follow_a_link(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Saltar al contenido principal")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#contenido$"))
    # Focus is now in the main content: the next Tab reaches the first entry point.
    page.keyboard.press("Tab")
    focused = page.get_by_role("link", name="Registro nuevo empleador", exact=True)
    expect(focused).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/registro/$"))


def test_not_found_page_is_spanish_and_accessible(page, assert_accessible):
    response = page.goto("/no-existe/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Página no encontrada")
    assert_accessible(page)


def test_accessibility_check_fails_on_a_serious_violation(page, assert_accessible):
    # The guard itself must bite: an unlabeled field and an image without text.
    page.set_content(
        '<html lang="es"><head><title>x</title></head><body><main>'
        '<input type="text"><img src="x.png"></main></body></html>'
    )
    with pytest.raises(AssertionError, match="label"):
        assert_accessible(page)
