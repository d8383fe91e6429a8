"""Every page that collects personal data links the «Aviso de privacidad» next to
its first field and shows «Para qué usamos sus datos» above its submit button.

Two walks: every form in every public template (a new one fails until it has both,
or an exemption here says why it collects no personal data), and every URL pattern
that needs no argument, rendered, whose form asks for personal data.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

APPS = Path(settings.BASE_DIR) / "clavepatronal"
LINK = "privacy/aviso_enlace.html"
SHORT = "privacy/_aviso_corto.html"
# Staff screens: officers type what a person shows at the desk; the person is
# informed there (docs/datos-personales.md), not by a web form of theirs.
STAFF_APPS = {"backoffice"}
# (template, text that marks the form) -> why it collects no personal data.
EXEMPT = {
    ("appointments/verify.html", "{{ form }}"): "only the e-mailed code",
    ("appointments/employer_proof.html", "{{ form }}"): "only the e-mailed code",
    ("appointments/includes/calendar.html", "hora_1"): "hours of the day",
    ("appointments/agency.html", "data-agency-search"): "province and procedure",
    ("privacy/derechos_verificar.html", "{{ form }}"): "only the e-mailed code",
    ("employers/email.html", "{{ form }}"): "only the e-mailed code",
    ("employers/save_later.html", "{{ form }}"): "only the e-mailed code",
    ("portal/email_change_confirm.html", "{{ form }}"): "only the e-mailed code",
    ("portal/clave_set.html", "{{ form }}"): "the new clave (a secret, hashed)",
    ("portal/clave_change.html", "{{ form }}"): "the clave (a secret, hashed)",
    ("documents/verify.html", "{{ form }}"): "a document's code",
}
# A form rendered whole (`{{ form }}`, `{{ search }}` on a line of its own), a
# field group, or a visible control.
FIELDS = re.compile(
    r"^\s*\{\{\s*\w+\s*\}\}\s*$|\{\{\s*\w*form\w*\s*\}\}|as_field_group|"
    r'<textarea|<select|<input(?![^>]*type="(?:hidden|submit)")',
    re.M,
)
FORM = re.compile(r"<form\b.*?</form>", re.S)


def _templates():
    for path in sorted(APPS.glob("*/templates/**/*.html")):
        app = path.relative_to(APPS).parts[0]
        if app in STAFF_APPS:
            continue
        name = str(path.relative_to(APPS / app / "templates"))
        yield name, path.read_text()


def _collecting_forms():
    for name, text in _templates():
        for block in FORM.findall(text):
            if FIELDS.search(block):
                yield name, block


def _exemption(name: str, block: str):
    for (template, marker), reason in EXEMPT.items():
        if template == name and marker in block:
            return reason
    return None


def test_every_form_that_collects_data_has_the_link_and_the_short_notice():
    missing = []
    for name, block in _collecting_forms():
        if _exemption(name, block):
            continue
        link, short = block.find(LINK), block.find(SHORT)
        fields = FIELDS.search(block).start()
        submit = block.find('type="submit"')
        if not (0 <= link < fields and 0 <= short < submit):
            missing.append(name)
    assert not missing, f"forms without the privacy notice: {missing}"


def test_the_walk_finds_the_forms_and_every_exemption_still_applies():
    found = list(_collecting_forms())
    names = {name for name, _block in found}
    assert {"employers/step.html", "procedures/applicant.html"} <= names
    assert {"appointments/identification.html", "portal/login.html"} <= names
    for template, marker in EXEMPT:
        assert any(name == template and marker in block for name, block in found), (
            template
        )


def test_a_new_form_without_the_include_is_caught(tmp_path):
    block = '<form method="post">{% csrf_token %}{{ form }}<button type="submit">'
    assert FIELDS.search(block) and LINK not in block
    assert _exemption("employers/new.html", block) is None


class _Forms(HTMLParser):
    """Each <form>: does it ask for personal data, does it carry the notice?"""

    PERSONAL = {"identification", "id_number", "names", "email", "mobile", "phone"}
    PERSONAL |= {"username", "employer", "rep_identification", "signed", "scan"}

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.current: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.current = {"personal": False, "link": False, "short": False}
            self.forms.append(self.current)
        if self.current is None:
            return
        if tag in ("input", "textarea", "select") and (
            attrs.get("name") in self.PERSONAL
            or attrs.get("type") in ("email", "tel", "file")
        ):
            self.current["personal"] = True
        if tag == "a" and "data-privacy-link" in attrs:
            self.current["link"] = True
        if "data-privacy-short" in attrs:
            self.current["short"] = True

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def _plain_paths(patterns, prefix=""):
    for entry in patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.namespace in ("admin", "backoffice"):
                continue
            yield from _plain_paths(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern) and "<" not in route and "^" not in route:
            yield "/" + prefix + route


@pytest.mark.django_db
def test_every_page_without_arguments_that_asks_for_data_carries_the_notice(client):
    checked, missing = [], []
    for path in sorted(set(_plain_paths(get_resolver().url_patterns))):
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get(
            "Content-Type", ""
        ):
            continue
        parser = _Forms()
        parser.feed(response.content.decode())
        for form in parser.forms:
            if not form["personal"]:
                continue
            checked.append(path)
            if not (form["link"] and form["short"]):
                missing.append(path)
    assert not missing, f"pages whose form lacks the notice: {missing}"
    assert len(set(checked)) >= 4, checked
