"""Certificates made with `cryptography`: the demo authority and its signers.

The demo CA stands in for Ecuador's accredited authorities so anyone can try the
virtual route with `firmar_demo`; tests build their own authorities with the same
functions (expired, not yet valid, untrusted, another cédula, with an OCSP responder or
a CRL, a timestamp authority). The demo CA publishes no revocation information (no
OCSP, no CRL): its signatures are received with «sin información de revocación».
Production never trusts the demo CA: its subject carries DEMO_CA_MARK and the trust
store refuses it there.
"""

import datetime
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import (
    AuthorityInformationAccessOID,
    ExtendedKeyUsageOID,
    NameOID,
)

from .layouts import (
    DEFAULT_LAYOUT,
    DEMO_ENTITY,
    Layout,
    key_usage,
    layout_extensions,
    layout_usages,
)

DEMO_CA_MARK = "DEMOSTRACION - SIN VALIDEZ LEGAL"
_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Issued:
    """A certificate and its private key, in both libraries' types."""

    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey

    @property
    def asn1_cert(self) -> asn1_x509.Certificate:
        return asn1_certificate(self.cert)

    @property
    def asn1_key(self) -> asn1_keys.PrivateKeyInfo:
        return asn1_keys.PrivateKeyInfo.load(
            self.key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )


def asn1_certificate(cert: x509.Certificate) -> asn1_x509.Certificate:
    """The same certificate in asn1crypto's type, which pyHanko works with."""
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _name(common_name: str, organization: str, serial_number: str = "") -> x509.Name:
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "EC"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ]
    if serial_number:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serial_number))
    return x509.Name(attributes)


def ca_create(
    *,
    common_name: str = "Autoridad de Certificación de Pruebas",
    organization: str = "CA de pruebas Clave Patronal",
    now: datetime.datetime | None = None,
) -> Issued:
    now = now or datetime.datetime.now(datetime.UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(common_name, organization)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - _DAY)
        .not_valid_after(now + 3650 * _DAY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(key_usage(key_cert_sign=True, crl_sign=True), critical=True)
        .sign(key, hashes.SHA256())
    )
    return Issued(cert=cert, key=key)


def signer_create(
    *,
    ca: Issued,
    holder_name: str,
    identification: str,
    layout: Layout = DEFAULT_LAYOUT,
    not_before: datetime.datetime | None = None,
    not_after: datetime.datetime | None = None,
    ocsp_url: str = "",
    crl_url: str = "",
    ca_issuers_url: str = "",
) -> Issued:
    """A signing certificate shaped as `layout.entity` issues it (Banco Central's by
    default); its revocation published where `ocsp_url` (AIA) and `crl_url` (CRL DP)
    say, its issuer's certificate where `ca_issuers_url` (AIA) says."""
    now = datetime.datetime.now(datetime.UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    organization = ca.cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[
        0
    ].value
    attributes, extensions = layout_extensions(layout, identification)
    subject = x509.Name([*_name(holder_name, str(organization)), *attributes])
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - _DAY)
        .not_valid_after(not_after or now + 365 * _DAY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
    )
    for usage in layout_usages(layout):
        builder = builder.add_extension(usage, critical=True)
    for extension in extensions:
        builder = builder.add_extension(extension, critical=False)
    builder = _with_revocation_sources(
        builder, ocsp_url=ocsp_url, crl_url=crl_url, ca_issuers_url=ca_issuers_url
    )
    return Issued(cert=builder.sign(ca.key, hashes.SHA256()), key=key)


def _with_revocation_sources(
    builder: x509.CertificateBuilder,
    *,
    ocsp_url: str,
    crl_url: str,
    ca_issuers_url: str = "",
) -> x509.CertificateBuilder:
    access = [
        x509.AccessDescription(method, x509.UniformResourceIdentifier(url))
        for method, url in (
            (AuthorityInformationAccessOID.OCSP, ocsp_url),
            (AuthorityInformationAccessOID.CA_ISSUERS, ca_issuers_url),
        )
        if url
    ]
    if access:
        builder = builder.add_extension(
            x509.AuthorityInformationAccess(access), critical=False
        )
    if crl_url:
        builder = builder.add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        full_name=[x509.UniformResourceIdentifier(crl_url)],
                        relative_name=None,
                        reasons=None,
                        crl_issuer=None,
                    )
                ]
            ),
            critical=False,
        )
    return builder


def tsa_create(
    *, ca: Issued, common_name: str = "Sellado de Tiempo de Pruebas"
) -> Issued:
    """A timestamp authority's certificate (extended key usage timeStamping), RSA as
    pyHanko's local timestamper needs."""
    now = datetime.datetime.now(datetime.UTC)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    organization = ca.cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[
        0
    ].value
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, str(organization)))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - 3650 * _DAY)
        .not_valid_after(now + 3650 * _DAY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            key_usage(digital_signature=True, content_commitment=True), critical=True
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
        .sign(ca.key, hashes.SHA256())
    )
    return Issued(cert=cert, key=key)


def cert_pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def demo_ca_load_or_create(directory: Path, *, entity: str = DEMO_ENTITY) -> Issued:
    """The installation's demo CA for `entity`'s layout, made on first use and kept
    in `directory/<entity>/`."""
    directory = Path(directory) / entity
    cert_path, key_path = directory / "demo-ca.pem", directory / "demo-ca.key"
    if cert_path.exists() and key_path.exists():
        return Issued(
            cert=x509.load_pem_x509_certificate(cert_path.read_bytes()),
            key=serialization.load_pem_private_key(key_path.read_bytes(), None),
        )
    directory.mkdir(parents=True, exist_ok=True)
    ca = ca_create(
        common_name=f"Autoridad de Certificación de Demostración ({entity})",
        organization=f"Clave Patronal {DEMO_CA_MARK}",
    )
    key_path.write_bytes(
        ca.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    cert_path.write_bytes(cert_pem(ca.cert))
    return ca


def is_demo_ca(cert: x509.Certificate) -> bool:
    return DEMO_CA_MARK in cert.subject.rfc4514_string()


def pdf_sign(
    data: bytes,
    *,
    signer: Issued,
    ca: Issued | None = None,
    chain: tuple[x509.Certificate, ...] = (),
    field_name: str,
    timestamper=None,
) -> bytes:
    """Sign into `field_name` by incremental update, as FirmaEC does: our bytes stay
    an exact prefix of the result. The issuing `ca` and any `chain` (a .p12's
    authorities) are embedded; a pyHanko `timestamper` adds a signature timestamp."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    embedded = ([ca.cert] if ca is not None else []) + list(chain)
    simple = signers.SimpleSigner(
        signing_cert=signer.asn1_cert,
        signing_key=signer.asn1_key,
        cert_registry=SimpleCertificateStore.from_certs(
            [asn1_certificate(cert) for cert in embedded]
        ),
    )
    output = signers.sign_pdf(
        IncrementalPdfFileWriter(BytesIO(data), strict=False),
        signers.PdfSignatureMetadata(field_name=field_name),
        signer=simple,
        timestamper=timestamper,
    )
    return output.getvalue()
