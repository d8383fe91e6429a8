"""WCAG 2.2 beyond what axe checks on each journey's pages: the focus is never
hidden by a fixed or sticky element, codes can be pasted, and the accessibility
statement says what is met and how to report a barrier."""

import pytest
from playwright.sync_api import expect

from .conftest import assert_fits_phones, paste

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = [
    "/",
    "/registro/",
    "/registro/nuevo/sector/",
    "/turnos/",
    "/turnos/sorteos/",
    "/ventanilla/",
    "/empleador/ingresar/",
    "/empleador/olvido/",
    "/empleador/olvido/firma/",
    "/empleador/activar/",
    "/documentos/verificar/",
    "/accesibilidad/",
]
# What covers the focused element: any fixed or sticky box over it that does not
# hold it.
COVERING = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) { return []; }
  const r = el.getBoundingClientRect();
  return [...document.querySelectorAll("body *")].filter((other) => {
    const position = getComputedStyle(other).position;
    if ((position !== "fixed" && position !== "sticky") || other.contains(el)) {
      return false;
    }
    const q = other.getBoundingClientRect();
    return q.width > 0 && q.height > 0 && q.left < r.right && q.right > r.left
      && q.top < r.bottom && q.bottom > r.top;
  }).map((other) => other.tagName + "." + other.className);
}"""


def test_the_focus_is_never_hidden_by_a_fixed_or_sticky_element(page):
    for url in PUBLIC_PAGES:
        page.goto(url)
        for _ in range(30):
            page.keyboard.press("Tab")
            assert page.evaluate(COVERING) == [], url


def test_the_activation_code_can_be_pasted_with_its_dashes(page):
    page.goto("/empleador/activar/")
    paste(page, "Código de activación", "ABCD-EFGH-JK12")
    expect(page.get_by_label("Código de activación")).to_have_value("ABCD-EFGH-JK12")


def test_the_statement_is_linked_from_every_page_and_says_how_to_report(
    page, assert_accessible
):
    page.goto("/")
    page.get_by_role("link", name="Accesibilidad").click()
    expect(page.locator("h1")).to_have_text("Declaración de accesibilidad")
    main = page.locator("main")
    for text in ("WCAG", "24 × 24", "Cómo reportar una barrera", "accesibilidad@"):
        expect(main).to_contain_text(text)
    assert_accessible(page)
    assert_fits_phones(page)
