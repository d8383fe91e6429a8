"""Browser journeys: Playwright drives Debian's Chromium against the live server.

Without /usr/bin/chromium the journeys are skipped with the reason shown in the summary;
CI sets REQUIRE_BROWSER=1 so a missing browser fails instead.
"""

import os
import shutil

import pytest

# The sync Playwright API runs an event loop in this thread; the ORM calls the live
# server makes from its own thread are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SERIOUS = {"serious", "critical"}


def chromium_or_skip(chromium: str | None = None) -> None:
    """Without Chromium at `chromium` (CHROMIUM), skip the journey with the reason,
    which the summary shows; with REQUIRE_BROWSER=1 (CI), fail it instead."""
    chromium = chromium or CHROMIUM
    if os.path.exists(chromium):
        return
    reason = (
        f"Chromium no está instalado en {chromium} (apt-get install chromium): "
        "se omiten las pruebas de navegador"
    )
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def browser(transactional_db):
    # Function-scoped on purpose: Playwright's sync API swaps the thread's context
    # (Django's connections live in context variables), so the browser starts only
    # after the database is set up for the test, and stops before it is flushed.
    chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Each phase's report on the test item, so a fixture's teardown knows whether
    # the test body passed (item.rep_call.passed).
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


class VisitedPages:
    """The HTML pages a browser context loaded with GET, in the order seen.

    Fed by the context's "response" event: a callback of the sync API must not call
    back into Playwright, so it only reads what the event carries (the request's
    method and frame, the status and headers) and records the URL.
    """

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.urls: dict[str, None] = {}  # an ordered set
        self.recording = True

    def seen(self, response) -> None:
        if not self.recording:
            return
        request = response.request
        if request.method != "GET" or not request.is_navigation_request():
            return
        try:
            if request.frame.parent_frame is not None:
                return  # an iframe, not the page itself
        except Exception:  # noqa: BLE001 -- a frame that is already gone
            return
        if 300 <= response.status < 400:
            return  # the redirect's target is recorded when it answers
        headers = response.headers
        if not headers.get("content-type", "").startswith("text/html"):
            return  # a PDF, a calendar file, JSON, an image
        if "attachment" in headers.get("content-disposition", ""):
            return
        url = response.url.split("#", 1)[0]
        if url.startswith(self.base_url):
            self.urls[url] = None


def revisit_at_phone_widths(context, urls) -> list[str]:
    """Open each URL in a new page of `context` (same cookies) and check it fits
    320 and 390 px phones; the failures, one line each."""
    failures = []
    if not urls:
        return failures
    page = context.new_page()
    try:
        for url in urls:
            page.set_viewport_size({"width": PHONE_WIDTHS[0], "height": 844})
            try:
                page.goto(url, wait_until="load")
            except Exception as error:  # noqa: BLE001 -- e.g. it became a download
                if "Download is starting" in str(error):
                    continue
                raise
            try:
                assert_no_horizontal_overflow(page)
            except AssertionError as error:
                failures.append(str(error).splitlines()[0])  # it names the URL
    finally:
        page.close()
    return failures


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(
        base_url=live_server.url,
        locale="es-EC",
        timezone_id="America/Guayaquil",
        viewport={"width": 390, "height": 844},  # a phone first
    )
    context.set_default_timeout(10_000)
    # Every page a journey visits must also fit a phone (issue 17): each main-frame
    # GET page of this context, in any of its tabs, is recorded here and opened
    # again at 320 and 390 px once the test has passed (and the page the test ends
    # on is checked as it stands). Pages only a POST shows, or that the session no
    # longer shows at the end, keep their explicit assert_fits_phones.
    visited = VisitedPages(live_server.url)
    context.on("response", visited.seen)
    page = context.new_page()
    # Every journey is also a Content-Security-Policy test: Chromium reports each
    # violation on the console, and the test fails at the end if there was one.
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            page.csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.visited_pages = visited
    yield page
    violations = list(page.csp_violations)
    visited.recording = False
    report = getattr(request.node, "rep_call", None)
    overflowing = []
    try:
        if report is not None and report.passed:
            # The page the journey ends on, as it stands (often a POST's result,
            # which a GET cannot bring back), then every page it loaded, anew.
            if not page.is_closed() and page.url.startswith(live_server.url):
                try:
                    assert_no_horizontal_overflow(page)
                except AssertionError as error:
                    overflowing.append(str(error).splitlines()[0])
            overflowing += revisit_at_phone_widths(context, list(visited.urls))
    finally:
        context.close()
    assert not violations, f"violaciones de la CSP: {violations}"
    assert not overflowing, "páginas más anchas que un teléfono:\n" + "\n".join(
        overflowing
    )


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core on the current page (with WCAG 2.2's target size); fail on any
    serious or critical violation."""

    def check(page) -> None:
        # WCAG 2.2's target size (2.5.8) is off in axe by default: on here.
        results = axe.run(page, options={"rules": {"target-size": {"enabled": True}}})
        violations = [
            violation
            for violation in results.response["violations"]
            if violation["impact"] in SERIOUS
        ]
        report = "\n".join(
            f"{v['impact']}: {v['id']} — {v['help']} "
            f"({', '.join(str(node['target']) for node in v['nodes'])})"
            for v in violations
        )
        assert not violations, f"{page.url}\n{report}"

    return check


def orm(query):
    """Run an ORM query from a browser test and return its result.

    Inside the Playwright context the test thread would open a database connection
    that nothing closes (PostgreSQL then refuses to drop the test database); a short
    thread of its own opens and closes one.
    """
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def run():
        try:
            return query()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(run).result()


def employer_data_fill(
    page,
    *,
    ruc: str,
    name: str = "Comercial Andina S.A.",
    email: str = "empleador@ejemplo.ec",
) -> None:
    """*Datos del empleador* filled in (the registration's second page): the RUC,
    the name and the e-mail as given, the rest a shop in Quito."""
    page.get_by_label("RUC del empleador").fill(ruc)
    page.get_by_label("Razón social o nombres completos").fill(name)
    page.get_by_label("Actividad económica principal").fill("Venta de alimentos")
    page.get_by_label("Provincia").select_option(label="Pichincha")
    page.get_by_label("Cantón").fill("Quito")
    page.get_by_label("Dirección").fill("Av. Amazonas N34-12 y Atahualpa")
    page.get_by_label("Teléfono").fill("02 254 3210")
    page.get_by_label("Correo electrónico del empleador").fill(email)


PHONE_WIDTHS = (320, 390)
# The longest realistic values a journey types: a 60-character e-mail address and
# 200-character names (the forms' limit), a razón social and a person's names.
LONG_EMAIL = "maria.fernanda.villavicencio.de.la.torre.andrade@empresas.ec"
LONG_NAME = (
    "María Fernanda de los Ángeles Villavicencio de la Torre Andrade Cevallos "
    "Espinosa Montalvo Zambrano Benalcázar Sotomayor Quiñónez Arboleda Guerrero "
    "Mosquera Castillo Valdivieso Carrión Larrea Peña Paz"
)
LONG_BUSINESS_NAME = (
    "Corporación Ecuatoriana de Servicios Agroindustriales, Exportación e "
    "Importación de Productos Alimenticios y Logística Integral de la Sierra, la "
    "Costa y la Amazonía del Ecuador, CORPOANDINA Cía. Ltda."
)
assert len(LONG_EMAIL) == 60
assert len(LONG_NAME) == len(LONG_BUSINESS_NAME) == 200


def assert_no_horizontal_overflow(page, widths=PHONE_WIDTHS) -> None:
    """The page fits each phone width without scrolling sideways.

    Checks document.documentElement.scrollWidth <= window.innerWidth at each width,
    names the elements that stick out (or whose text does), and gives the page back
    its viewport.
    """
    size = page.viewport_size
    try:
        for width in widths:
            page.set_viewport_size({"width": width, "height": size["height"]})
            scroll_width, inner_width, wide = page.evaluate(
                """() => [
                    document.documentElement.scrollWidth,
                    window.innerWidth,
                    [...document.querySelectorAll("body *")]
                        .filter((e) => !e.closest(".visually-hidden"))
                        .filter((e) => e.getBoundingClientRect().right > innerWidth
                            || (e.clientWidth && e.scrollWidth > e.clientWidth + 1))
                        .slice(0, 5)
                        .map((e) => e.tagName.toLowerCase()
                            + "." + (e.getAttribute("class") || "")
                            + " " + Math.round(e.getBoundingClientRect().right)),
                ]"""
            )
            assert scroll_width <= inner_width, (
                f"{page.url}: {scroll_width} px de ancho en una pantalla de "
                f"{inner_width} px: {wide}"
            )
    finally:
        page.set_viewport_size(size)


def paste(page, label: str, text: str) -> None:
    """Paste `text` into the field labelled `label` from the clipboard, as a person
    does with a code copied from an e-mail."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.evaluate("(text) => navigator.clipboard.writeText(text)", text)
    page.get_by_label(label).focus()
    page.keyboard.press("Control+V")


def assert_fits_phones(page, widths=PHONE_WIDTHS) -> None:
    """The page fits each phone width (one name for the journeys that say so)."""
    assert_no_horizontal_overflow(page, widths)


def assert_unbroken(page, text: str, widths=PHONE_WIDTHS) -> None:
    """Wherever the page shows `text` (a tracking number), it sits on one line at
    each phone width: never broken at its hyphens."""
    size = page.viewport_size
    try:
        for width in widths:
            page.set_viewport_size({"width": width, "height": size["height"]})
            lines = page.evaluate(
                """(text) => {
                    const lines = [];
                    const walk = document.createTreeWalker(
                        document.querySelector("main"), NodeFilter.SHOW_TEXT);
                    while (walk.nextNode()) {
                        const node = walk.currentNode;
                        const at = node.data.indexOf(text);
                        if (at < 0) continue;
                        const range = document.createRange();
                        range.setStart(node, at);
                        range.setEnd(node, at + text.length);
                        const tops = [...range.getClientRects()]
                            .map((r) => Math.round(r.top));
                        lines.push(new Set(tops).size);
                    }
                    return lines;
                }""",
                text,
            )
            assert lines, f"{page.url}: {text} no aparece"
            assert set(lines) == {1}, (
                f"{page.url}: {text} se parte en {max(lines)} líneas a {width} px"
            )
    finally:
        page.set_viewport_size(size)
