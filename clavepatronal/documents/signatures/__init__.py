"""Checks the electronic signature (PAdES) on a returned Solicitud or Acuerdo.

The rules, in the order a person can act on them: the PDF is signed; the signature is
intact and covers its whole revision, with no change after it but validation data; the
certificate is valid now (or at a trusted timestamp: the signing time the signer wrote
proves nothing), is not revoked, may sign, and chains to a trusted authority; it
belongs to the legal representative; and what was signed is the document this service
generated. Each failure has its own message (rules.py).
"""

from .certificates import certificate_identification, trust_roots
from .report import SignatureRefused, SignatureReport
from .rules import signature_verify

__all__ = [
    "SignatureRefused",
    "SignatureReport",
    "certificate_identification",
    "signature_verify",
    "trust_roots",
]
