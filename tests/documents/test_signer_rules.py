"""The rules on who signed, beyond the entity table: certificates that are not a
person's, key usage, where an identity may be read from, and what a RUC means."""

import pytest
from asn1crypto import core

from clavepatronal.documents.constants import SIGNATURE_FIELD_NAME
from clavepatronal.documents.pki import Layout, ca_create, pdf_sign, signer_create
from clavepatronal.documents.signatures import SignatureRefused, signature_verify
from clavepatronal.documents.signatures.entities import der_string, person_number
from tests.employers.factories import CEDULA, CEDULA_REP, RUC_PERSONA, RUC_SOCIEDAD
from tests.pki import trust

pytestmark = pytest.mark.django_db


def signed(document, ca, identification=CEDULA_REP, **layout):
    signer = signer_create(
        ca=ca,
        holder_name="JUAN CARLOS PEREZ ANDRADE",
        identification=identification,
        layout=Layout(**layout),
    )
    return pdf_sign(
        bytes(document.content), signer=signer, ca=ca, field_name=SIGNATURE_FIELD_NAME
    )


def outcome(data, document, identification=CEDULA_REP, ruc=RUC_SOCIEDAD) -> str:
    try:
        signature_verify(
            data=data, document=document, identification=identification, ruc=ruc
        )
    except SignatureRefused as refused:
        assert refused.message
        return refused.code
    return "ok"


@pytest.fixture
def entity_ca(settings, tmp_path):
    """A test CA the store files under an entity: `entity_ca("datil")`."""

    def make(entity: str):
        ca = ca_create(common_name=f"CA {entity}")
        trust(settings, tmp_path / "raices", ca, entity=entity)
        return ca

    return make


@pytest.mark.parametrize(
    ("entity", "kind", "code"),
    [
        ("anfac", "timestamp", "timestamp_certificate"),  # ANF's own TSA OID + EKU
        ("bce", "timestamp", "timestamp_certificate"),  # BCE's TSA OID + EKU
        ("letmi", "timestamp", "timestamp_certificate"),  # no OID: the EKU says it
        ("securitydata", "server", "server_certificate"),
        ("datil", "seal", "seal"),  # Datil's seal OID
        ("uanataca", "seal", "seal"),  # no seal OID: the ETSI legal-person policy
    ],
)
def test_a_certificate_that_is_not_a_persons_is_refused(
    entity, kind, code, entity_ca, registration
):
    data = signed(registration.solicitud, entity_ca(entity), entity=entity, kind=kind)
    assert outcome(data, registration.solicitud) == code


@pytest.mark.parametrize("usage", ["encipher", "none"])
def test_a_certificate_without_a_signing_usage_is_refused(
    usage, entity_ca, registration
):
    data = signed(registration.solicitud, entity_ca("bce"), usage=usage)
    with pytest.raises(SignatureRefused) as refused:
        signature_verify(
            data=data,
            document=registration.solicitud,
            identification=CEDULA_REP,
            ruc=RUC_SOCIEDAD,
        )
    assert refused.value.code == "usage"
    assert "renueve" in refused.value.message  # what the person can do


def test_an_extension_is_read_only_from_the_entity_that_defines_it(
    entity_ca, registration
):
    """Banco Central's cédula arc in a certificate that chains to Datil is not
    Datil's field: nobody is read, so it is not the representative."""
    bce_shaped = signed(registration.acuerdo, entity_ca("datil"), entity="bce")
    assert outcome(bce_shaped, registration.acuerdo) == "wrong_signer"


def test_an_authority_of_no_known_entity_is_read_from_the_subject_only(
    settings, tmp_path, registration
):
    ca = ca_create()
    trust(settings, tmp_path / "raices", ca, entity="")  # a top-level PEM
    in_extension = signed(registration.acuerdo, ca)
    assert outcome(in_extension, registration.acuerdo) == "wrong_signer"
    in_subject = signed(registration.acuerdo, ca, in_subject_serial=True)
    assert outcome(in_subject, registration.acuerdo) == "ok"


@pytest.mark.parametrize(
    ("serial", "number"),
    [
        ("IDCEC-0926687856", "0926687856"),
        ("PASEC-N1234567", "N1234567"),
        ("0926687856", "0926687856"),
        ("VATEC-1790011674001", ""),  # a company's RUC, not a person
        ("TINEC-0926687856", ""),  # another kind of number
        ("1790011674001", ""),  # a bare RUC
        ("", ""),
    ],
)
def test_a_subject_serial_number_counts_only_as_a_persons_number(serial, number):
    assert person_number(serial) == number


def test_identity_strings_of_any_length_and_type_are_read():
    long_name = "Á" * 200  # a length that takes two bytes in DER
    assert der_string(core.UTF8String(long_name).dump()) == long_name
    assert der_string(core.BMPString("0926687856").dump()) == "0926687856"
    assert der_string(core.PrintableString("0926687856").dump()) == "0926687856"
    assert der_string(b"0926687856") == "0926687856"  # not DER: the bytes


def test_a_natural_person_certificate_with_the_persons_own_ruc_passes(
    entity_ca, registration
):
    """A natural person's RUC is the cédula + 001: not another company."""
    data = signed(
        registration.acuerdo,
        entity_ca("securitydata"),
        entity="securitydata",
        identification=CEDULA,
        ruc=RUC_PERSONA,
        kind="",
    )
    assert outcome(data, registration.acuerdo, identification=CEDULA) == "ok"


def test_with_no_kind_marked_a_company_ruc_must_be_the_employers(
    entity_ca, registration
):
    ca = entity_ca("bce")  # BCE's representative OID is doubtful: no kind is read
    data = signed(registration.solicitud, ca, kind="representative", ruc=RUC_PERSONA)
    assert outcome(data, registration.solicitud) == "other_company"
    assert outcome(data, registration.solicitud, ruc=RUC_PERSONA) == "ok"


def test_an_employer_identified_by_cedula_matches_its_personal_ruc(
    entity_ca, registration
):
    data = signed(
        registration.solicitud,
        entity_ca("datil"),
        entity="datil",
        kind="member",
        ruc=RUC_PERSONA,
    )
    assert outcome(data, registration.solicitud, ruc=CEDULA) == "ok"


def test_without_a_common_name_the_holder_is_the_given_name_and_surname():
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    from clavepatronal.documents.signatures.entities import holder_name

    signer = signer_create(ca=ca_create(), holder_name="X", identification=CEDULA_REP)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.GIVEN_NAME, "MARIA FERNANDA"),
            x509.NameAttribute(NameOID.SURNAME, "LOPEZ TORRES"),
        ]
    )
    assert holder_name(signer.cert) == "X"
    nameless = type("Cert", (), {"subject": subject})()
    assert holder_name(nameless) == "MARIA FERNANDA LOPEZ TORRES"
