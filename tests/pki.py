"""A test certification authority made with `cryptography`, and a signer from it.

Stands in for Ecuador's accredited authorities (Banco Central, Security Data...):
the signer certificate carries the holder's cédula in the Banco Central's extension.
"""

import datetime
from dataclasses import dataclass

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

BCE_CEDULA_OID = x509.ObjectIdentifier("1.3.6.1.4.1.37947.3.1")


@dataclass(frozen=True)
class TestPki:
    ca_cert: asn1_x509.Certificate
    signer_cert: asn1_x509.Certificate
    signer_key: asn1_keys.PrivateKeyInfo


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "EC"),
            x509.NameAttribute(
                NameOID.ORGANIZATION_NAME, "CA de pruebas Clave Patronal"
            ),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _to_asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def make_pki(
    *, holder_name: str = "JUAN CARLOS PEREZ ANDRADE", cedula: str = "0926687856"
) -> TestPki:
    now = datetime.datetime.now(datetime.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = _name("Autoridad de Certificación de Pruebas")
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    signer_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    signer = (
        x509.CertificateBuilder()
        .subject_name(_name(holder_name))
        .issuer_name(ca_name)
        .public_key(signer_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.UnrecognizedExtension(
                BCE_CEDULA_OID, b"\x0c" + bytes([len(cedula)]) + cedula.encode()
            ),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key_der = signer_key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return TestPki(
        ca_cert=_to_asn1(ca),
        signer_cert=_to_asn1(signer),
        signer_key=asn1_keys.PrivateKeyInfo.load(key_der),
    )
