"""Where pyhanko-certvalidator gets revocation data: OCSP and CRLs fetched over HTTP
from the addresses each certificate names (Authority Information Access, CRL
Distribution Points), only where revocation_network allows, with a short timeout and
a size cap, and kept in Django's cache so that every server and every upload of the
same certificate reuses one answer. A responder that stalls past the timeout is a
failed fetch like one that refuses: revocation unverified, never a broken signature.

An answer is kept until the settings' lifetime or its own nextUpdate, whichever comes
first; an unreachable responder is remembered briefly, so the two signed documents of
one trámite do not both wait out the timeout. Judging the answers (signature of the
response, revoked or not) stays with certvalidator.
"""

import datetime
import hashlib
from collections.abc import Iterable

from asn1crypto import crl, ocsp, x509
from django.conf import settings
from django.core.cache import cache
from pyhanko_certvalidator import errors
from pyhanko_certvalidator.authority import Authority
from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend
from pyhanko_certvalidator.fetchers.api import (
    CRLFetcher,
    FetcherBackend,
    Fetchers,
    OCSPFetcher,
)
from pyhanko_certvalidator.fetchers.common_utils import enumerate_delivery_point_urls
from pyhanko_certvalidator.util import (
    get_ocsp_urls,
    get_relevant_crl_dps,
    issuer_serial,
)

from .revocation_network import GuardedSession, NoCertificateFetcher

UNREACHABLE = b""  # cached in place of an answer while a responder is down


def _key(kind: str, *parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return f"documents:revocation:{kind}:{digest.hexdigest()}"


def _lifetime(next_update: datetime.datetime | None) -> int:
    lifetime = settings.SIGNATURE_REVOCATION_CACHE_SECONDS
    if next_update is not None:
        left = next_update - datetime.datetime.now(datetime.UTC)
        lifetime = min(lifetime, int(left.total_seconds()))
    return max(lifetime, 1)


def _ocsp_next_update(response: ocsp.OCSPResponse) -> datetime.datetime | None:
    try:
        basic = response["response_bytes"]["response"].parsed
        updates = [
            single["next_update"].native
            for single in basic["tbs_response_data"]["responses"]
        ]
    except (KeyError, TypeError, ValueError):
        return None
    return min((update for update in updates if update), default=None)


def _remember_unreachable(key: str) -> None:
    cache.set(key, UNREACHABLE, settings.SIGNATURE_REVOCATION_RETRY_SECONDS)


def declares_revocation_sources(cert: x509.Certificate) -> bool:
    """The certificate names an OCSP responder or a CRL to ask."""
    return bool(get_ocsp_urls(cert) or get_relevant_crl_dps(cert, use_deltas=True))


class CachedOCSPFetcher(OCSPFetcher):
    def __init__(self, inner: OCSPFetcher) -> None:
        self.inner = inner
        self._responses: dict[bytes, ocsp.OCSPResponse] = {}

    async def fetch(self, cert: x509.Certificate, authority: Authority):
        key = _key("ocsp", cert.dump(), authority.public_key.dump())
        cached = cache.get(key)
        if cached == UNREACHABLE:
            raise errors.OCSPFetchError("OCSP responder unreachable a moment ago")
        if cached:
            response = ocsp.OCSPResponse.load(cached)
        else:
            try:
                response = await self.inner.fetch(cert, authority)
            except errors.OCSPFetchError:
                _remember_unreachable(key)
                raise
            except TimeoutError:  # aiohttp's total timeout is not a ClientError
                _remember_unreachable(key)
                raise errors.OCSPFetchError("OCSP responder timed out") from None
            cache.set(key, response.dump(), _lifetime(_ocsp_next_update(response)))
        self._responses[issuer_serial(cert)] = response
        return response

    def fetched_responses(self) -> Iterable[ocsp.OCSPResponse]:
        return list(self._responses.values())

    def fetched_responses_for_cert(self, cert) -> Iterable[ocsp.OCSPResponse]:
        response = self._responses.get(issuer_serial(cert))
        return [response] if response is not None else []


class CachedCRLFetcher(CRLFetcher):
    def __init__(self, inner: CRLFetcher) -> None:
        self.inner = inner
        self._by_cert: dict[bytes, list[crl.CertificateList]] = {}

    async def fetch(self, cert: x509.Certificate, *, use_deltas=True):
        urls = [
            url
            for point in get_relevant_crl_dps(cert, use_deltas=use_deltas)
            for url in enumerate_delivery_point_urls(point)
        ]
        if not urls:
            return []
        key = _key("crl", *urls)
        cached = cache.get(key)
        if cached == UNREACHABLE:
            raise errors.CRLFetchError("CRL server unreachable a moment ago")
        if cached:
            crls = [crl.CertificateList.load(data) for data in cached]
        else:
            try:
                crls = list(await self.inner.fetch(cert, use_deltas=use_deltas))
            except errors.CRLFetchError:
                _remember_unreachable(key)
                raise
            except TimeoutError:
                _remember_unreachable(key)
                raise errors.CRLFetchError("CRL server timed out") from None
            next_updates = [
                c["tbs_cert_list"]["next_update"].native
                for c in crls
                if c["tbs_cert_list"]["next_update"].native
            ]
            cache.set(
                key,
                [c.dump() for c in crls],
                _lifetime(min(next_updates, default=None)),
            )
        self._by_cert[issuer_serial(cert)] = crls
        return crls

    def fetched_crls(self) -> Iterable[crl.CertificateList]:
        return [c for crls in self._by_cert.values() for c in crls]

    def fetched_crls_for_cert(self, cert) -> Iterable[crl.CertificateList]:
        return self._by_cert[issuer_serial(cert)]  # KeyError: not fetched yet


class CachedFetcherBackend(FetcherBackend):
    """certvalidator's aiohttp fetchers on the guarded session (revocation_network)
    with the settings' timeout, OCSP and CRLs through Django's cache, and no
    certificate fetching. One per validation: its HTTP session dies with the event
    loop that pyHanko's synchronous call runs."""

    def __init__(self) -> None:
        self.inner = AIOHttpFetcherBackend(
            session=GuardedSession(),
            per_request_timeout=settings.SIGNATURE_REVOCATION_TIMEOUT,
        )

    def get_fetchers(self) -> Fetchers:
        fetchers = self.inner.get_fetchers()
        return Fetchers(
            ocsp_fetcher=CachedOCSPFetcher(fetchers.ocsp_fetcher),
            crl_fetcher=CachedCRLFetcher(fetchers.crl_fetcher),
            cert_fetcher=NoCertificateFetcher(),
        )

    async def close(self):
        await self.inner.close()
