"""pyHanko's verdict on a signature, judged now or at a trusted timestamp, with
revocation fetched as each certificate says — but only once the chain reaches a
trusted root without fetching anything, and only where revocation_network allows."""

import asyncio
import datetime
from dataclasses import dataclass

from cryptography import x509
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.generic_cms import collect_timing_info
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.fetchers.api import OwnedFetcherBackend

from ..constants import SIGNATURE_FIELD_NAME, RevocationCheck
from ..revocation import CachedFetcherBackend, declares_revocation_sources
from ..truststore import DEMO, TrustStore
from .certificates import common_name
from .entities import (
    CertificateKind,
    Holder,
    certificate_holder,
    entity_name,
    holder_name,
)


@dataclass(frozen=True)
class Verdict:
    """The representative's signature, its certificate, its claimed signing time, the
    moment it is judged at, pyHanko's status then, and the holder as the entity the
    chain reached writes it."""

    embedded: object
    cert: x509.Certificate
    signed_at: datetime.datetime | None
    moment: datetime.datetime
    status: object
    holder: Holder


SIGNING_USAGES = KeyUsageConstraints(
    key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
)


def _context(
    store: TrustStore, moment, revocation_mode: str, *, fetching: bool = True
) -> ValidationContext:
    """Certificates judged at `moment`, revocation fetched as each certificate says
    (with `fetching`; without it nothing leaves the server). Revocation data fetched
    now counts for a past moment (a timestamp's): a certificate revoked after it was
    still good then."""
    return ValidationContext(
        trust_roots=store.anchors,
        other_certs=store.intermediates,
        moment=moment,
        allow_fetching=fetching,
        revocation_mode=revocation_mode,
        retroactive_revinfo=True,
        fetcher_backend=OwnedFetcherBackend(CachedFetcherBackend())
        if fetching
        else None,
    )


def _timestamp_validity(embedded, store, now, *, fetching: bool):
    context = _context(store, now, "soft-fail", fetching=fetching)

    async def timing():
        try:
            return await collect_timing_info(
                embedded.signer_info, context, raw_digest=embedded.compute_digest
            )
        finally:
            await context.aclose()

    validity = asyncio.run(timing()).get("timestamp_validity")
    if validity is not None and validity.intact and validity.valid and validity.trusted:
        return validity
    return None


def _trusted_timestamp(embedded, store, now) -> datetime.datetime | None:
    """The time of a signature timestamp from a trusted authority, if there is one:
    its chain must reach a trusted root offline before its revocation is fetched."""
    if _timestamp_validity(embedded, store, now, fetching=False) is None:
        return None
    validity = _timestamp_validity(embedded, store, now, fetching=True)
    return validity.timestamp if validity is not None else None


def _holder(cert, status, store: TrustStore, report) -> Holder:
    """The holder as the entity of the trusted chain writes it (no trusted chain:
    only the subject is read), written into the report."""
    entity, origin = "", ""
    if status.trust_problem_indic is None and status.validation_path is not None:
        for member in status.validation_path.iter_certs(include_root=True):
            entity, origin = store.entity_of(member.sha256.hex())
            if origin:
                break
    holder = certificate_holder(cert, entity)
    report.entity = entity_name(entity)
    if report.entity and origin == DEMO:
        report.entity += " (demostración)"
    report.certificate_kind = str(CertificateKind(holder.kind).label)
    report.signer_identification = holder.identification
    report.company_ruc = holder.ruc if holder.company else ""
    return holder


def validated(signatures, store: TrustStore, now, report) -> Verdict:
    """The representative's signature, its certificate, its claimed signing time, the
    moment it is judged at (now, or a trusted timestamp) and pyHanko's verdict then.

    Revocation is checked hard first; a verdict that fails only because no OCSP or
    CRL answer came is taken with revocation unchecked, and the report says so."""
    by_name = {signature.field_name: signature for signature in signatures}
    embedded = by_name.get(SIGNATURE_FIELD_NAME, signatures[0])
    report.field_name = embedded.field_name
    cert = x509.load_der_x509_certificate(embedded.signer_cert.dump())
    report.signer_name = holder_name(cert)
    report.issuer = common_name(cert.issuer)
    report.certificate_serial = format(cert.serial_number, "X")
    report.certificate_valid_from = cert.not_valid_before_utc.isoformat()
    report.certificate_valid_until = cert.not_valid_after_utc.isoformat()
    signed_at = embedded.self_reported_timestamp
    report.signed_at = signed_at.isoformat() if signed_at else ""
    timestamp = _trusted_timestamp(embedded, store, now)
    moment = min(timestamp, now) if timestamp else now
    report.timestamp_at = timestamp.isoformat() if timestamp else ""
    report.validated_at = moment.isoformat()

    def judged(revocation_mode: str, *, fetching: bool = True):
        return validate_pdf_signature(
            embedded,
            _context(store, moment, revocation_mode, fetching=fetching),
            key_usage_settings=SIGNING_USAGES,
        )

    offline = judged("soft-fail", fetching=False)
    if offline.trust_problem_indic is not None:
        # No trusted chain (or one that fails even before revocation): a self-made
        # certificate must not make the server fetch the addresses it names.
        report.revocation = RevocationCheck.NO_INFORMATION
        holder = _holder(cert, offline, store, report)
        return Verdict(embedded, cert, signed_at, moment, offline, holder)
    status = judged("hard-fail")
    revocation = RevocationCheck.NO_INFORMATION
    if status.trust_problem_indic is None:
        path = status.validation_path.iter_certs(include_root=False)
        if any(declares_revocation_sources(member) for member in path):
            revocation = RevocationCheck.VERIFIED
    elif status.revocation_details is None:
        lenient = judged("soft-fail")
        if lenient.trust_problem_indic is None:
            status, revocation = lenient, RevocationCheck.UNVERIFIED
    report.revocation = revocation
    holder = _holder(cert, status, store, report)
    return Verdict(embedded, cert, signed_at, moment, status, holder)
