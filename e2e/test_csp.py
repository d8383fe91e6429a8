"""The Content-Security-Policy breaks nothing: Chromium visits the main pages — the
public ones, the portal, the back office and the Django admin with its widgets —
and the test fails on any violation the browser reports."""

import pytest
from playwright.sync_api import expect

from clavepatronal.backoffice.constants import Role
from clavepatronal.backoffice.services.staff import device_code_now, staff_create

from .conftest import orm

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "una-clave-del-soporte-larga"

# Every violation the page sees, whatever the directive, lands in window.__csp.
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__csp.push(event.violatedDirective + " " + (event.blockedURI || "inline")
    + " " + (event.sourceFile || "") + ":" + event.lineNumber);
});
"""

PUBLIC = [
    "/",
    "/registro/",
    "/ventanilla/",
    "/turnos/",
    "/documentos/verificar/",
    "/empleador/ingresar/",
    "/empleador/olvido/",
    "/empleador/activar/",
    "/no-existe/",
]


@pytest.fixture
def watched(page):
    """The page, and a check that fails with every CSP violation seen so far."""
    console = []
    page.add_init_script(WATCH)
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )

    def check(where: str) -> None:
        page.wait_for_load_state("load")
        seen = page.evaluate("window.__csp || []")
        assert not seen and not console, f"{where}: {seen} {console}"

    return page, check


def test_the_watch_sees_a_violation(watched):
    page, check = watched
    page.goto("/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.x = 1'; document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    with pytest.raises(AssertionError, match="script-src"):
        check("/")
    page.csp_violations.clear()  # provoked on purpose


def test_public_pages_run_under_the_policy(watched):
    page, check = watched
    for path in PUBLIC:
        page.goto(path)
        check(path)


def staff_world() -> None:
    from clavepatronal.appointments.models import Agency

    user = staff_create(
        username="soporte.quito",
        password=PASSWORD,
        first_name="Sofía",
        last_name="Soporte",
        email="soporte.quito@iess.gob.ec",
        role=Role.SERVIDOR,
        agency=Agency.objects.get(name="Centro de Atención Universal Quito"),
    ).user
    user.is_superuser = True
    user.save()


def test_back_office_and_admin_pages_run_under_the_policy(watched):
    page, check = watched
    orm(staff_world)
    page.goto("/backoffice/ingresar/")
    check("login")
    page.get_by_label("Usuario").fill("soporte.quito")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Continuar").click()
    expect(page.locator("h1")).to_have_text("Código de verificación")
    check("login code")

    def code():
        from django_otp.plugins.otp_totp.models import TOTPDevice

        return device_code_now(TOTPDevice.objects.get(user__username="soporte.quito"))

    page.get_by_label("Código de verificación").fill(orm(code))
    page.get_by_role("button", name="Ingresar").click()
    expect(page.locator("h1")).to_have_text("Back office de Clave Patronal")
    check("home")

    def ids():
        from django.contrib.auth import get_user_model

        from clavepatronal.appointments.models import Agency

        return (
            get_user_model().objects.get(username="soporte.quito").pk,
            Agency.objects.order_by("pk").first().pk,
        )

    user_id, agency_id = orm(ids)
    for path in [
        "/backoffice/tramites/",
        "/backoffice/turnos/",
        "/backoffice/poderes/",
        "/backoffice/auditoria/",
        "/backoffice/reportes/",
        "/admin/",
        "/admin/appointments/agency/",
        "/admin/appointments/agency/add/",
        f"/admin/appointments/agency/{agency_id}/change/",
        "/admin/appointments/agencyclosure/add/",
        "/admin/audit/auditevent/",
        "/admin/core/user/",
        f"/admin/core/user/{user_id}/change/",
        f"/admin/core/user/{user_id}/password/",
        "/admin/auth/group/add/",
        "/admin/otp_totp/totpdevice/",
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        check(path)
    # The admin's scripts really ran: the permission chooser (SelectFilter2) and
    # the calendar widgets are built by JavaScript.
    page.goto("/admin/auth/group/add/")
    expect(page.locator(".selector-available").first).to_be_visible()
    page.goto("/admin/appointments/agencyclosure/add/")
    expect(page.locator(".datetimeshortcuts").first).to_be_visible()
    check("admin widgets")
