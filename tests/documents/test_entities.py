"""Each of Ecuador's 17 accredited entities, with a test chain shaped as that entity
issues its certificates (its identity arcs or subject style, its kind OIDs): the
legal representative passes; someone else, another company's certificate and an
electronic seal are refused, each with its own code."""

import pytest

from clavepatronal.documents.constants import SIGNATURE_FIELD_NAME
from clavepatronal.documents.pki import Layout, ca_create, pdf_sign, signer_create
from clavepatronal.documents.signatures import SignatureRefused, signature_verify
from clavepatronal.documents.signatures.entities import entities, kind_oid
from tests.employers.factories import CEDULA, CEDULA_REP, RUC_PUBLICO, RUC_SOCIEDAD
from tests.pki import trust

pytestmark = pytest.mark.django_db
ENTITIES = sorted(entities())
NAME = "MARIA FERNANDA LOPEZ TORRES"


def test_the_table_holds_the_seventeen_accredited_entities():
    assert len(ENTITIES) == 17
    subject_style = {
        k for k, e in entities().items() if e["cedula"]["where"] == "subject"
    }
    assert subject_style == {"appfirmas", "darkcam", "letmi", "primecorelat"}


def signed_with(document, settings, tmp_path, entity: str, **layout):
    """The Solicitud signed by a certificate of `entity`'s shape, from a CA the
    trust store files under that entity."""
    ca = ca_create(common_name=f"CA de pruebas {entity}")
    trust(settings, tmp_path / "raices", ca, entity=entity)
    identification = layout.pop("identification", CEDULA_REP)
    signer = signer_create(
        ca=ca,
        holder_name=NAME,
        identification=identification,
        layout=Layout(entity=entity, **layout),
    )
    return pdf_sign(
        bytes(document.content), signer=signer, ca=ca, field_name=SIGNATURE_FIELD_NAME
    )


def verify(data, document, ruc=RUC_SOCIEDAD):
    return signature_verify(
        data=data, document=document, identification=CEDULA_REP, ruc=ruc
    )


def refused(data, document, ruc=RUC_SOCIEDAD) -> SignatureRefused:
    with pytest.raises(SignatureRefused) as refusal:
        verify(data, document, ruc)
    assert refusal.value.message
    return refusal.value


@pytest.mark.parametrize("entity", ENTITIES)
def test_the_legal_representative_of_each_entity_passes(
    entity, settings, tmp_path, registration
):
    # Half the entities state the kind as a certificate policy, half as an extension.
    as_policy = ENTITIES.index(entity) % 2 == 1
    data = signed_with(
        registration.solicitud,
        settings,
        tmp_path,
        entity,
        kind="representative",
        ruc=RUC_SOCIEDAD,
        kind_as_policy=as_policy,
    )
    report = verify(data, registration.solicitud)
    assert report.ok
    assert report.entity == entities()[entity]["name"]
    assert report.signer_identification == CEDULA_REP
    assert report.signer_name == NAME
    assert report.company_ruc == RUC_SOCIEDAD
    expected = "Representante legal" if kind_oid(entity, "representative") else ""
    assert report.certificate_kind == (expected or "No indicado")
    assert "certificado de la empresa del empleador" in report.checks


@pytest.mark.parametrize("entity", ENTITIES)
def test_a_natural_person_certificate_of_each_entity_passes(
    entity, settings, tmp_path, registration
):
    data = signed_with(registration.acuerdo, settings, tmp_path, entity)
    report = verify(data, registration.acuerdo)
    assert report.ok and report.signer_identification == CEDULA_REP
    assert report.company_ruc == ""


@pytest.mark.parametrize("entity", ENTITIES)
def test_someone_else_of_each_entity_is_refused(
    entity, settings, tmp_path, registration
):
    data = signed_with(
        registration.solicitud, settings, tmp_path, entity, identification=CEDULA
    )
    refusal = refused(data, registration.solicitud)
    assert refusal.code == "wrong_signer"
    assert CEDULA in refusal.message


@pytest.mark.parametrize("entity", ENTITIES)
def test_another_companys_certificate_of_each_entity_is_refused(
    entity, settings, tmp_path, registration
):
    data = signed_with(
        registration.solicitud,
        settings,
        tmp_path,
        entity,
        kind="representative",
        ruc=RUC_PUBLICO,
    )
    refusal = refused(data, registration.solicitud)
    assert refusal.code == "other_company"
    assert refusal.message.startswith("El certificado es de otra empresa")
    assert RUC_PUBLICO in refusal.message and RUC_SOCIEDAD in refusal.message


@pytest.mark.parametrize("entity", ENTITIES)
def test_an_electronic_seal_of_each_entity_is_refused(
    entity, settings, tmp_path, registration
):
    """The seal carries the representative's cédula and the employer's RUC: it is
    still not a person's signature."""
    data = signed_with(
        registration.solicitud,
        settings,
        tmp_path,
        entity,
        kind="seal",
        ruc=RUC_SOCIEDAD,
    )
    refusal = refused(data, registration.solicitud)
    assert refusal.code == "seal"
    assert "sello electrónico" in refusal.message
