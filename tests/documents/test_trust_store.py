"""The shipped trust store: every file in the manifest with its fingerprint, every
real intermediate chaining to a real root of its own entity, and production trusting
exactly the shipped entities with no folder configured."""

import asyncio
import datetime
import json

import pytest
from cryptography import x509
from pyhanko_certvalidator import ValidationContext

from clavepatronal.documents.pki import ca_create, cert_pem
from clavepatronal.documents.signatures.entities import entities
from clavepatronal.documents.truststore import (
    SHIPPED,
    TRUST_DIR,
    fingerprint,
    shipped_certificates,
    trust_store,
)

MANIFEST = json.loads((TRUST_DIR / "manifest.json").read_text())["certificates"]
BY_SHA = {entry["sha256"]: entry for entry in MANIFEST}
INTERMEDIATES = [e for e in MANIFEST if e["role"] == "intermediate" and not e["anchor"]]


def load(entry) -> x509.Certificate:
    return x509.load_pem_x509_certificate((TRUST_DIR / entry["file"]).read_bytes())


def test_every_shipped_file_is_in_the_manifest_with_its_fingerprint():
    files = {str(path.relative_to(TRUST_DIR)) for path in TRUST_DIR.glob("ec/*/*.pem")}
    assert files == {entry["file"] for entry in MANIFEST}
    assert len(files) == 70
    for entry in MANIFEST:
        assert fingerprint(load(entry)) == entry["sha256"], entry["file"]
        assert entry["source"].startswith("FirmaEC")


def test_sixteen_entities_ship_certificates_and_eclipsoft_is_named_without():
    shipped = {entry["entity"] for entry in MANIFEST}
    assert len(shipped) == 16
    assert set(entities()) - shipped == {"eclipsoft"}


def test_an_end_entity_certificate_in_the_source_is_not_trusted():
    """FirmaEC's DIGERCIC folder holds a person's certificate: listed, not used."""
    excluded = [e for e in MANIFEST if e["role"] == "excluded"]
    assert [e["file"] for e in excluded] == ["ec/digercic/CaCertDigercic.pem"]
    used = {c.sha256 for c in shipped_certificates()}
    assert excluded[0]["sha256"] not in used


@pytest.mark.parametrize("entry", INTERMEDIATES, ids=lambda e: e["file"])
def test_each_real_intermediate_verifies_under_a_real_root_of_its_entity(entry):
    issuer = BY_SHA[entry["issued_by"]]
    assert issuer["entity"] == entry["entity"]
    load(entry).verify_directly_issued_by(load(issuer))  # raises when it does not
    # pyHanko builds the same chain from the whole store.
    store = trust_store_shipped_only()
    context = ValidationContext(
        trust_roots=store.anchors, other_certs=store.intermediates
    )
    cert = next(a for a in store.intermediates if a.sha256.hex() == entry["sha256"])
    paths = asyncio.run(context.path_builder.async_build_paths(cert))
    anchors = {
        store.entity_of(path.trust_anchor.authority.certificate.sha256.hex())[0]
        for path in paths
    }
    assert anchors == {entry["entity"]}


def trust_store_shipped_only():
    from django.test import override_settings

    with override_settings(SIGNATURE_TRUST_ROOTS_DIR="", DEMO_DATA_ALLOWED=False):
        return trust_store()


def test_production_with_no_folder_trusts_exactly_the_shipped_entities(settings):
    settings.DEMO_DATA_ALLOWED = False
    settings.SIGNATURE_TRUST_ROOTS_DIR = ""
    store = trust_store()
    assert {c.origin for c in store.certificates} == {SHIPPED}
    assert {c.entity for c in store.certificates} == set(entities()) - {"eclipsoft"}
    assert len(store.certificates) == len(shipped_certificates())


def test_a_folder_adds_to_the_shipped_store_or_replaces_it(settings, tmp_path):
    settings.DEMO_DATA_ALLOWED = False
    (tmp_path / "datil").mkdir()
    (tmp_path / "datil" / "nueva.pem").write_bytes(cert_pem(ca_create().cert))
    settings.SIGNATURE_TRUST_ROOTS_DIR = str(tmp_path)
    added = trust_store().certificates
    assert len(added) == len(shipped_certificates()) + 1
    assert added[-1].entity == "datil" and added[-1].anchor
    settings.SIGNATURE_TRUST_SHIPPED = False
    assert [c.entity for c in trust_store().certificates] == ["datil"]


def test_an_expired_intermediate_is_shipped_but_not_in_use():
    """Security Data's 2011–2026 intermediate serves only signatures timestamped
    before it expired."""
    now = datetime.datetime(2026, 12, 7, tzinfo=datetime.UTC)
    old = next(
        c
        for c in shipped_certificates()
        if c.file.endswith("SubCaCertSecurityData20112026.pem")
    )
    assert not old.anchor and not old.in_use(now)
    assert old.days_left(now) < 0
