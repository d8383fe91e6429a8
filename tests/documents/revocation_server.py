"""A real OCSP responder and CRL server for a test CA, over HTTP on 127.0.0.1.

Built with `cryptography` (the CA signs its own OCSP responses and CRL) and the
standard library's HTTP server on a free port, so the signature check fetches
revocation data exactly as it would from an authority, only on loopback.
"""

import datetime
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp

from clavepatronal.documents.pki import Issued

MINUTE = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)


class RevocationServer:
    """Answers OCSP at `ocsp_url` and serves the CRL at `crl_url` for `ca`."""

    def __init__(self, ca: Issued) -> None:
        self.ca = ca
        self.revoked: dict[int, datetime.datetime] = {}
        self.requests: list[str] = []
        self.failing = False  # answer 500, as a responder that is down
        self.stall = 0.0  # seconds to wait before answering, as a stalled responder
        self.padding = 0  # bytes of junk after the CRL, as a huge one
        self.redirect = ""  # answer 302 to this URL instead
        self.released = threading.Event()  # ends a stall early (at shutdown)
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers["Content-Length"]))
                server.requests.append("ocsp")
                self._answer("application/ocsp-response", server.ocsp_answer(body))

            def do_GET(self):  # noqa: N802
                server.requests.append("crl")
                self._answer(
                    "application/pkix-crl", server.crl() + b"\0" * server.padding
                )

            def _answer(self, content_type: str, data: bytes) -> None:
                if server.stall:
                    server.released.wait(server.stall)
                if server.redirect:
                    self.send_response(302)
                    self.send_header("Location", server.redirect)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if server.failing:
                    self.send_error(500)
                    return
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"127.0.0.1:{self.httpd.server_address[1]}"
        self.base = f"http://{self.origin}"
        self.ocsp_url = f"{self.base}/ocsp"
        self.crl_url = f"{self.base}/ca.crl"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "RevocationServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.released.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()

    def revoke(self, cert: x509.Certificate, when: datetime.datetime | None = None):
        self.revoked[cert.serial_number] = when or _now() - HOUR

    def ocsp_answer(self, body: bytes) -> bytes:
        request = ocsp.load_der_ocsp_request(body)
        revoked_at = self.revoked.get(request.serial_number)
        now = _now()
        builder = (
            ocsp.OCSPResponseBuilder()
            .add_response_by_hash(
                issuer_name_hash=request.issuer_name_hash,
                issuer_key_hash=request.issuer_key_hash,
                serial_number=request.serial_number,
                algorithm=request.hash_algorithm,
                cert_status=ocsp.OCSPCertStatus.REVOKED
                if revoked_at
                else ocsp.OCSPCertStatus.GOOD,
                this_update=now - MINUTE,
                next_update=now + HOUR,
                revocation_time=revoked_at,
                revocation_reason=None,
            )
            .responder_id(ocsp.OCSPResponderEncoding.HASH, self.ca.cert)
        )
        try:
            nonce = request.extensions.get_extension_for_class(x509.OCSPNonce)
        except x509.ExtensionNotFound:
            pass
        else:
            builder = builder.add_extension(nonce.value, critical=False)
        response = builder.sign(self.ca.key, hashes.SHA256())
        return response.public_bytes(serialization.Encoding.DER)

    def crl(self) -> bytes:
        now = _now()
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.ca.cert.subject)
            .last_update(now - MINUTE)
            .next_update(now + HOUR)
            .add_extension(x509.CRLNumber(1), critical=False)
        )
        for serial, when in self.revoked.items():
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(serial)
                .revocation_date(when)
                .build()
            )
        crl = builder.sign(self.ca.key, hashes.SHA256())
        return crl.public_bytes(serialization.Encoding.DER)


def unreachable_url() -> str:
    """A loopback address where nothing listens: the connection is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/ocsp"


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)
