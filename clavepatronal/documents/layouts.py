"""How a signer's certificate is shaped, as each accredited entity issues it: where
the cédula, the RUC and the kind go (trust/entities.json), and its key usages. The
demo CA and the tests' authorities issue through `pki.signer_create` with a Layout."""

from dataclasses import dataclass

from asn1crypto import core as asn1_core
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DEMO_ENTITY = "bce"  # the demo signer's layout when none is named
ORGANIZATION_IDENTIFIER = x509.ObjectIdentifier("2.5.4.97")
ETSI_QCP_LEGAL_PERSON = "0.4.0.194112.1.1"  # QCP-l: a legal person's (seal)
EXTENDED_USAGE_OF_KIND = {
    "timestamp": ExtendedKeyUsageOID.TIME_STAMPING,
    "server": ExtendedKeyUsageOID.SERVER_AUTH,
}


def key_usage(**allowed: bool) -> x509.KeyUsage:
    names = (
        "digital_signature content_commitment key_encipherment data_encipherment "
        "key_agreement key_cert_sign crl_sign"
    ).split()
    return x509.KeyUsage(
        **{name: allowed.get(name, False) for name in names},
        encipher_only=False,
        decipher_only=False,
    )


@dataclass(frozen=True)
class Layout:
    """How a signer's certificate is shaped, as an entity issues it: the entity
    (entities.json) that says where the cédula, the RUC and the kind go, the kind,
    the company RUC, and the key usage (`sign`, `encipher` or `none`: no extension).
    `kind_as_policy` states the kind as a certificate policy instead of an extension;
    `in_subject_serial` puts the cédula in the subject whatever the entity does."""

    entity: str = DEMO_ENTITY
    kind: str = "natural"
    ruc: str = ""
    usage: str = "sign"
    kind_as_policy: bool = False
    in_subject_serial: bool = False


def _der_utf8(text: str) -> bytes:
    return asn1_core.UTF8String(text).dump()


def layout_extensions(layout: Layout, identification: str):
    """(subject attributes, extensions) that carry identity and kind."""
    from .signatures.entities import entities, kind_oid

    table = entities()[layout.entity]
    attributes, extensions = [], []
    fields = [("cedula", identification), ("ruc", layout.ruc)]
    for name, value in fields:
        if not value:
            continue
        if table[name]["where"] == "extension" and not (
            name == "cedula" and layout.in_subject_serial
        ):
            oid = x509.ObjectIdentifier(table[name]["oid"])
            extensions.append(x509.UnrecognizedExtension(oid, _der_utf8(value)))
        elif name == "cedula":
            attributes.append(
                x509.NameAttribute(NameOID.SERIAL_NUMBER, f"IDCEC-{value}")
            )
        else:
            attributes.append(
                x509.NameAttribute(ORGANIZATION_IDENTIFIER, f"VATEC-{value}")
            )
    oid = kind_oid(layout.entity, layout.kind)
    policies = [oid] if oid and layout.kind_as_policy else []
    if oid and not layout.kind_as_policy:
        extensions.append(
            x509.UnrecognizedExtension(
                x509.ObjectIdentifier(oid), _der_utf8(layout.kind)
            )
        )
    if not oid and layout.kind == "seal":
        policies.append(ETSI_QCP_LEGAL_PERSON)
    if policies:
        extensions.append(
            x509.CertificatePolicies(
                [
                    x509.PolicyInformation(x509.ObjectIdentifier(p), None)
                    for p in policies
                ]
            )
        )
    return attributes, extensions


def layout_usages(layout: Layout) -> list:
    usages = []
    if layout.usage == "sign":
        usages.append(key_usage(digital_signature=True, content_commitment=True))
    elif layout.usage == "encipher":
        usages.append(key_usage(key_encipherment=True))
    if layout.kind in EXTENDED_USAGE_OF_KIND:
        usages.append(x509.ExtendedKeyUsage([EXTENDED_USAGE_OF_KIND[layout.kind]]))
    return usages


DEFAULT_LAYOUT = Layout()  # Banco Central's natural-person certificate
