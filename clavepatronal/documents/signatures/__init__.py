"""Checks the electronic signature (PAdES) on a returned Solicitud or Acuerdo.

The rules, in the order a person can act on them: the PDF is signed; the signature is
intact and covers its whole revision, with no change after it but validation data; the
certificate is valid now (or at a trusted timestamp: the signing time the signer wrote
proves nothing), is not revoked, may sign, and chains to an accredited entity (the
trust store, documents/truststore.py); it is a person's certificate (not a seal, a
timestamping or a server certificate); it belongs to the legal representative, read
the way its entity writes it (entities.py); a company's certificate is the employer's;
and what was signed is the document this service generated. Each failure has its own
message (rules.py).
"""

from .entities import CertificateKind, certificate_holder
from .report import SignatureRefused, SignatureReport
from .rules import carries_code, page_texts, signature_verify, starts_with_document

__all__ = [
    "CertificateKind",
    "SignatureRefused",
    "SignatureReport",
    "carries_code",
    "certificate_holder",
    "page_texts",
    "signature_verify",
    "starts_with_document",
]
