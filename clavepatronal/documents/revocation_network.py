"""Where the signature check may fetch revocation data from, and how much.

A certificate names its own OCSP responder and CRL addresses, so anyone who uploads a
document signed with a self-made certificate chooses where the server connects. The
validation (signatures/validation.py) fetches nothing until the signer's chain reaches
a trusted root; then every request goes through one aiohttp session that
- connects only to the allowed origins: SIGNATURE_REVOCATION_HOSTS and the OCSP and
  CRL addresses that the certificates of the trust folder themselves name, on the
  default ports of http and https unless an entry names a port;
- never to a loopback, private, link-local, multicast or reserved address, checked on
  what DNS answers, unless SIGNATURE_REVOCATION_PRIVATE_ADDRESSES (tests only);
- follows no redirect to another origin;
- reads at most SIGNATURE_REVOCATION_MAX_BYTES of an answer;
- and never fetches a certificate (caIssuers): chains are built from what the
  signature carries and the trust folder.
Each refusal is an aiohttp.ClientError, which certvalidator reports as a failed fetch:
the signature is then received with «Revocación no verificada».
"""

import ipaddress
import socket
import ssl
from collections.abc import Iterable
from urllib.parse import urlsplit

import aiohttp
import certifi
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from django.conf import settings
from pyhanko_certvalidator.fetchers.aiohttp_fetchers.util import LazySession
from pyhanko_certvalidator.fetchers.api import CertificateFetcher
from yarl import URL

from .pki import asn1_certificate

DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: str) -> str | None:
    """`host:port` of an http(s) URL, the port made explicit; None for others."""
    try:
        parts = urlsplit(url)
        port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return f"{parts.hostname.lower()}:{port}"


def _setting_origins() -> set[str]:
    origins = set()
    for entry in settings.SIGNATURE_REVOCATION_HOSTS:
        entry = entry.strip().lower()
        if not entry:
            continue
        if ":" in entry.rsplit("]", 1)[-1]:  # host:port
            origins.add(entry)
        else:
            origins |= {f"{entry}:80", f"{entry}:443"}
    return origins


def _named_urls(cert: x509.Certificate) -> Iterable[str]:
    """The OCSP and CRL addresses a certificate names, read with asn1crypto, which
    tolerates what some authorities' certificates get wrong elsewhere (a policy
    notice in a VisibleString with UTF-8 in it)."""
    parsed = asn1_certificate(cert)
    yield from parsed.ocsp_urls
    for point in parsed.crl_distribution_points:
        if point.url:
            yield point.url


def _trust_store_origins() -> set[str]:
    """The OCSP and CRL hosts the trusted certificates name (shipped and configured;
    the demo CAs name none)."""
    from .truststore import configured_certificates, shipped_certificates

    certificates = list(configured_certificates())
    if settings.SIGNATURE_TRUST_SHIPPED:
        certificates += shipped_certificates()
    origins = set()
    for certificate in certificates:
        origins |= {o for o in map(_origin, _named_urls(certificate.cert)) if o}
    return origins


def allowed_origins() -> frozenset[str]:
    """Where revocation may be fetched from: `host:port` strings."""
    return frozenset(_setting_origins() | _trust_store_origins())


def _private(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return not ip.is_global or ip.is_multicast


class _Refused(aiohttp.ClientConnectionError):
    """A request the policy does not allow (a ClientError: a failed fetch)."""


class _PublicOnlyResolver(AbstractResolver):
    """DNS as usual, then only public addresses."""

    def __init__(self) -> None:
        self.inner = DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        answers = await self.inner.resolve(host, port, family)
        public = [answer for answer in answers if not _private(answer["host"])]
        if not public:
            raise _Refused(f"{host} resolves only to private addresses")
        return public

    async def close(self) -> None:
        await self.inner.close()


class _CappedResponse(aiohttp.ClientResponse):
    """An answer read up to SIGNATURE_REVOCATION_MAX_BYTES, no further."""

    async def read(self) -> bytes:
        if self._body is None:
            cap = settings.SIGNATURE_REVOCATION_MAX_BYTES
            try:
                if (self.content_length or 0) > cap:
                    raise aiohttp.ClientPayloadError(f"declared over {cap} bytes")
                chunks, size = [], 0
                async for chunk in self.content.iter_chunked(64 * 1024):
                    size += len(chunk)
                    if size > cap:
                        raise aiohttp.ClientPayloadError(f"over {cap} bytes")
                    chunks.append(chunk)
            except BaseException:
                self.close()
                raise
            self._body = b"".join(chunks)
        return await super().read()


def _tracing(origins: frozenset[str]) -> aiohttp.TraceConfig:
    """Every request and redirect checked against the allowed origins; an address
    typed in the URL (no DNS, so no resolver) checked here too."""

    def check(url) -> None:
        origin = _origin(str(url))
        if origin is None or origin not in origins:
            raise _Refused(f"{url.host} is not an allowed revocation origin")
        host = url.host or ""
        try:
            literal = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            return
        if not settings.SIGNATURE_REVOCATION_PRIVATE_ADDRESSES and _private(
            str(literal)
        ):
            raise _Refused(f"{host} is a private address")

    async def on_start(session, context, params) -> None:
        check(params.url)

    async def on_redirect(session, context, params) -> None:
        location = params.response.headers.get("Location", "")
        target = params.response.url.join(URL(location))
        if _origin(str(target)) != _origin(str(params.url)):
            raise _Refused("redirect to another origin")
        check(target)

    trace = aiohttp.TraceConfig()
    trace.on_request_start.append(on_start)
    trace.on_request_redirect.append(on_redirect)
    return trace


class GuardedSession(LazySession):
    """certvalidator's lazy session, with the policy above."""

    def get_session(self) -> aiohttp.ClientSession:
        if self._session is None:
            ssl_context = ssl.create_default_context(cafile=certifi.where())
            resolver = (
                DefaultResolver()
                if settings.SIGNATURE_REVOCATION_PRIVATE_ADDRESSES
                else _PublicOnlyResolver()
            )
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(ssl=ssl_context, resolver=resolver),
                response_class=_CappedResponse,
                trace_configs=[_tracing(allowed_origins())],
            )
        return self._session


class NoCertificateFetcher(CertificateFetcher):
    """Issuer certificates are never fetched (caIssuers): a chain is built from the
    certificates the signature carries and the trust folder."""

    async def fetch_cert_issuers(self, cert: asn1_x509.Certificate):
        return
        yield  # an empty asynchronous generator

    async def fetch_crl_issuers(self, certificate_list):
        return
        yield

    def fetched_certs(self) -> Iterable[asn1_x509.Certificate]:
        return ()
