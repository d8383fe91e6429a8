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


@pytest.mark.parametrize("path", ["/", "/registro/", "/ventanilla/", "/turnos/"])
def test_pages_reflow_on_a_320_pixel_screen_without_sideways_scrolling(page, path):
    # WCAG 2.2 SC 1.4.10 (Reflow): content fits 320 CSS pixels wide.
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(path)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320


def test_focused_links_are_clearly_visible(page):
    page.goto("/")
    link = page.get_by_role("link", name="Ventanilla virtual", exact=True)
    style = "e => getComputedStyle(e).backgroundColor"
    before = link.evaluate(style)
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
    expect(link).to_be_focused()
    assert link.evaluate(style) != before


def test_site_works_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/")
        page.get_by_role("link", name="Turnos para atención al ciudadano").click()
        expect(page.locator("h1")).to_have_text("Turnos para atención al ciudadano")
        expect(page.locator("ol.requirements li")).to_have_count(7)
    finally:
        context.close()


def test_every_page_visited_is_recorded_and_the_phone_guard_bites(page, live_server):
    # The page fixture records each GET HTML page of the journey and revisits it at
    # 320 and 390 px after the test; here the guard itself must bite on a page
    # wider than a phone.
    from .conftest import revisit_at_phone_widths

    page.goto("/")
    page.goto("/turnos/#contenido")
    page.goto("/no-existe/")
    assert list(page.visited_pages.urls) == [
        f"{live_server.url}/",
        f"{live_server.url}/turnos/",
        f"{live_server.url}/no-existe/",
    ]
    page.visited_pages.recording = False  # what follows is not the journey
    wide = f"{live_server.url}/demasiado-ancha/"
    page.context.route(
        wide,
        lambda route: route.fulfill(
            content_type="text/html",
            body='<html lang="es"><body><p style="width:500px">x</p></body></html>',
        ),
    )
    failures = revisit_at_phone_widths(page.context, [f"{live_server.url}/", wide])
    assert failures == [
        f"{wide}: 508 px de ancho en una pantalla de 320 px: ['p. 508']"
    ], failures
