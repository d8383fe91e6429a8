"""Issue 17 (4): the ventanilla asks each employer for what the seed's virtual list
asks of it — each sector × legal representative with a cédula or a foreigner with a
passport — and a domestic employer registered with its cédula never reads «RUC»
after page 1 (page 2, confirmation, receipt)."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from clavepatronal.procedures.models import Tramite
from tests.employers.factories import RegistrationFactory

from . import files

pytestmark = pytest.mark.django_db

# The procedure as the institute publishes it: shared/ sits beside the checkout (in
# CI too, beside the fresh clone).
SEED = Path(__file__).resolve().parents[3] / "shared/seed/000_5be855d411f1502b.txt"
SECTORS = ["PRIVADO", "PUBLICO", "DOMESTICO", "ARTESANO"]
KINDS = ["cedula", "pasaporte"]


def seed_virtual_requirements() -> dict[int, str]:
    """The numbered items of the seed's first REQUISITOS list (the virtual one)."""
    text = SEED.read_text(encoding="utf-8")
    section = text.split("REQUISITOS", 1)[1].split("NOTA", 1)[0]
    return {
        int(number): line.strip()
        for number, line in re.findall(r"^(\d)\. (.+)$", section, flags=re.MULTILINE)
    }


def expected_items(sector: str, kind: str) -> list[int]:
    """Seed items 1 RUC, 2 Solicitud, 3 cédula, 4 Acuerdo, 5 foreigner's document,
    6 calificación artesanal, as they apply."""
    items = [1, 2, 3, 4] if kind == "cedula" else [1, 2, 4, 5]
    if sector == "ARTESANO":
        items.append(6)
    if sector == "DOMESTICO":
        items.remove(1)  # registered with a cédula: no RUC
    return items


def matches(slot_name: str, seed_line: str) -> bool:
    seed = seed_line.casefold()
    if slot_name.startswith("Documento de identificación para extranjeros"):
        return "extranjeros que no tienen cédula" in seed
    return slot_name.casefold() in seed


@pytest.mark.skipif(not SEED.exists(), reason="the seed's text is not on this machine")
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("sector", SECTORS)
def test_each_sector_and_representative_gets_the_seed_s_list(
    sector, kind, client, applicant_data, trusted_ca, django_capture_on_commit_callbacks
):
    from .conftest import Ventanilla

    registration = RegistrationFactory(
        sector=sector, foreign_representative=kind == "pasaporte"
    )
    rep = registration.rep_identification
    ventanilla = Ventanilla(
        client,
        {
            **applicant_data,
            "id_type": registration.rep_id_type,
            "id_number": rep,
            "employer": registration.employer_identification,
        },
        django_capture_on_commit_callbacks,
    )
    ventanilla.start()
    page = client.get(ventanilla.url)
    slots = list(page.context["form"].slots.values())
    seed = seed_virtual_requirements()
    expected = expected_items(sector, kind)
    assert len(slots) == len(expected), [s.name for s in slots]
    for slot, item in zip(slots, expected, strict=True):
        assert matches(slot.name, seed[item]), (slot.name, seed[item])

    uploads = {slot.code: (f"{slot.code}.pdf", files.pdf()) for slot in slots}
    for name in ("solicitud", "acuerdo"):
        document = getattr(registration, name)
        uploads[name] = (f"{name}.pdf", files.sign(document, trusted_ca, rep))
    fields = {"foreign_document": "PASAPORTE"} if kind == "pasaporte" else {}
    done = ventanilla.submit(uploads, **fields)
    assert done.status_code == 302, done.context["form"].errors
    confirmation = client.get(done["Location"])
    (receipt,) = [m for m in mail.outbox if m.to == [applicant_data["email"]]]
    tramite = Tramite.objects.get()
    assert tramite.attachments.count() == len(expected)
    if sector == "DOMESTICO":
        for text in (page.text, confirmation.text, receipt.body):
            assert "RUC" not in text
        assert "Empleador doméstico (cédula)" in confirmation.text
    else:
        assert "Empleador (RUC)" in confirmation.text


def test_the_start_page_says_the_domestic_employer_needs_no_ruc(client, db):
    page = client.get(reverse("procedures:start"))
    assert "no lo necesita el empleador doméstico registrado con su cédula" in (
        page.text
    )
