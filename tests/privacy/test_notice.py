"""The «Aviso de privacidad» covers every item of LOPDP Art. 12, each under its own
heading, for every purpose; its retention table is the one the job enforces."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from clavepatronal.privacy.notice import PURPOSES
from clavepatronal.privacy.retention import RETENTION_TABLE


@pytest.fixture
def page(client, db):
    response = client.get("/privacidad/")
    assert response.status_code == 200
    return response.content.decode()


def _section(page: str, anchor: str) -> str:
    """The text from the heading with this id to the next h2."""
    match = re.search(rf'<h2 id="{anchor}">(.*?)</h2>(.*?)(?=<h2 |\Z)', page, re.S)
    assert match, f"no heading #{anchor}"
    return match.group(2)


def _has(section: str, value) -> bool:
    return escape(str(value)) in section


ART_12 = {
    # Art. 12 item: (heading id, what the section must show for each purpose)
    "finalidades": ("finalidades", "what_for"),
    "base legal": ("base-legal", "basis"),
    "tipos de tratamiento": ("tratamientos", "processing"),
    "origen de los datos": ("origen", "source"),
    "transferencias": ("transferencias", "transfers"),
    "consecuencias de no entregarlos": ("consecuencias", "if_not_given"),
}


@pytest.mark.parametrize("item", ART_12)
def test_each_purpose_is_covered_under_the_items_heading(page, item):
    anchor, attribute = ART_12[item]
    section = _section(page, anchor)
    for purpose in PURPOSES:
        assert _has(section, getattr(purpose, attribute)), (item, purpose.key)
        if anchor != "finalidades":
            assert _has(section, purpose.title), (item, purpose.key)


def test_the_purposes_cover_every_processing_the_issue_names(page):
    keys = {purpose.key for purpose in PURPOSES}
    assert {"registro", "ventanilla", "turnos", "portal", "sri", "auditoria"} <= keys


def test_the_controller_and_its_officer_come_from_settings(client, db, settings):
    settings.PRIVACY_DPO_EMAIL = "dpd.prueba@iess.gob.ec"
    settings.PRIVACY_DPO_NAME = "Delegada de prueba"
    settings.PRIVACY_CONTROLLER_NAME = "Instituto de Prueba"
    section = _section(client.get("/privacidad/").content.decode(), "responsable")
    assert "dpd.prueba@iess.gob.ec" in section
    assert "Delegada de prueba" in section and "Instituto de Prueba" in section


def test_the_retention_is_the_tables_and_follows_its_settings(client, db, settings):
    settings.PRIVACY_RETENTION_TURNS_DAYS = 123
    section = _section(client.get("/privacidad/").content.decode(), "conservacion")
    for rule in RETENTION_TABLE:
        row = re.search(rf'<tr id="conservacion-{rule.key}">(.*?)</tr>', section, re.S)
        assert row, rule.key
        assert _has(row.group(1), rule.action.label)
        if rule.setting:
            assert rule.period_display in row.group(1)
    turns = re.search(r'<tr id="conservacion-turnos">(.*?)</tr>', section, re.S)
    assert "123 días" in turns.group(1)


def test_the_rights_and_how_to_use_them_link_the_rights_form(page):
    section = _section(page, "derechos")
    assert f'href="{reverse("privacy:rights")}"' in section
    for article in ("Art. 13", "Art. 14", "Art. 15", "Art. 16", "Art. 17", "Art. 19"):
        assert article in section
    assert "15 días" in section


def test_where_to_complain_is_the_authority_from_settings(client, db, settings):
    settings.PRIVACY_AUTHORITY_NAME = "Autoridad de Prueba"
    settings.PRIVACY_AUTHORITY_URL = "https://autoridad.example/reclamos"
    section = _section(client.get("/privacidad/").content.decode(), "reclamos")
    assert "Autoridad de Prueba" in section
    assert 'href="https://autoridad.example/reclamos"' in section


def test_the_footer_of_every_page_links_the_notice(client, db):
    for path in ("/", "/accesibilidad/", "/privacidad/"):
        body = client.get(path).content.decode()
        footer = body[body.index('<footer class="site-footer">') :]
        assert 'href="/privacidad/"' in footer, path


def test_the_notice_takes_no_post(client, db):
    assert client.post("/privacidad/").status_code == 405


def test_each_purpose_says_how_long_its_data_are_kept(page):
    for purpose in PURPOSES:
        block = re.search(
            rf'<ul class="privacy-retention" data-retention="{purpose.key}">(.*?)</ul>',
            page,
            re.S,
        )
        assert block and purpose.retention, purpose.key
        for rule in purpose.retention:
            assert f'href="#conservacion-{rule.key}"' in block.group(1), rule.key
            assert _has(block.group(1), rule.clock)
