"""What a certificate says about itself: its name and whether it may sign."""

from cryptography import x509


def common_name(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(values[0].value) if values else name.rfc4514_string()


def can_sign(cert: x509.Certificate) -> bool:
    """digitalSignature or nonRepudiation stated; a certificate that states no key
    usage at all is not taken as able to sign (the SRI refuses it too)."""
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return False
    return usage.digital_signature or usage.content_commitment
