"""A local stand-in for the SRI's taxpayer service, for the demo and the tests.

It answers the real path with the JSON files in `fixtures/` (one per RUC, in the
real shape, fictitious taxpayers), byte for byte, so a file can also be broken on
purpose. Some RUCs behave badly on purpose: `Rucs.LENTO` answers after
`slow_seconds` (longer than any sensible client timeout), `Rucs.ERROR_500` answers
500 and `Rucs.DESCONOCIDO` gets what the real service answers for an unknown RUC,
200 and an empty array. Any other well-formed RUC is a taxpayer saved by
`sri_local --agregar` (in `added_dir`), or else a made-up active one (fictitious.py),
so a newcomer can register with any RUC; a RUC that is not well formed is unknown.

Every answer carries the `STANDIN_HEADER` header: the client refuses such an
answer outside demo settings, and the system check employers.E001 refuses an
SRI_BASE_URL on loopback, the only address the stand-in listens on (README).
`manage.py sri_local` serves it; tests run it in a thread with `StandinServer`.
"""

import json
import threading
from collections import Counter
from pathlib import Path
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from .client import SRI_PATH, STANDIN_HEADER
from .fictitious import fictitious_element

FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"


class Rucs:
    """The stand-in's taxpayers, by what each one is for. All pass validate_ruc."""

    # Comercial Andina S.A., the demo employer: representatives 0926687856 (the
    # demo's María José Vera Loor) and 1714126511.
    SOCIEDAD_ACTIVA = "1790011674001"
    # A public entity (third digit 6), represented by 0926687856.
    ENTIDAD_PUBLICA = "1760001550001"
    # A natural person (cédula 1710034065 + 001), no representatives.
    PERSONA_NATURAL = "1710034065001"
    SUSPENDIDO = "1797100176001"
    PASIVO = "0925549057001"
    FANTASMA = "0990453543001"
    TRANSACCIONES_INEXISTENTES = "1721128971001"
    # An active sociedad whose answer comes after `slow_seconds`.
    LENTO = "1798230390001"
    ERROR_500 = "0199389068001"
    # Its file is cut off halfway: not JSON.
    MALFORMADO = "1795457480001"
    # A valid RUC the stand-in answers as unknown (any other is a fictitious
    # taxpayer).
    DESCONOCIDO = "1795363374001"


_ERROR_PAGE = (
    b"<html><head><title>Error</title></head><body><h1>HTTP Status 500 - "
    b"Internal Server Error</h1></body></html>"
)


class StandinSri:
    """The WSGI app. `hits` counts the lookups per RUC (tests read it)."""

    def __init__(
        self,
        fixtures_dir: Path = FIXTURES_DIR,
        *,
        slow_seconds: float = 15.0,
        added_dir: Path | None = None,
    ) -> None:
        self.fixtures_dir = Path(fixtures_dir)
        self.added_dir = Path(added_dir) if added_dir else None
        self.slow_seconds = slow_seconds
        self.hits: Counter[str] = Counter()
        self._lock = threading.Lock()
        # Set on stop, so a slow answer in progress ends at once.
        self.stopping = threading.Event()

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != SRI_PATH:
            return _answer(start_response, "404 Not Found", b"Not Found", "text/plain")
        ruc = (parse_qs(environ.get("QUERY_STRING", "")).get("ruc") or [""])[0]
        with self._lock:
            self.hits[ruc] += 1
        if not (len(ruc) == 13 and ruc.isdigit()):
            return _answer(start_response, "400 Bad Request", b"", "text/plain")
        if ruc == Rucs.ERROR_500:
            return _answer(
                start_response, "500 Internal Server Error", _ERROR_PAGE, "text/html"
            )
        if ruc == Rucs.LENTO:
            self.stopping.wait(self.slow_seconds)
        return _answer(start_response, "200 OK", self.body(ruc), "application/json")

    def body(self, ruc: str) -> bytes:
        """The answer for a 13-digit RUC: its fixture, an added taxpayer, nothing
        for DESCONOCIDO, or a fictitious taxpayer (nothing if the RUC is wrong)."""
        for folder in (self.fixtures_dir, self.added_dir):
            path = folder / f"{ruc}.json" if folder else None
            if path is not None and path.is_file():
                return path.read_bytes()
        element = None if ruc == Rucs.DESCONOCIDO else fictitious_element(ruc)
        if element is None:
            return b"[]"
        return json.dumps([element], ensure_ascii=False, indent=2).encode()

    def hits_for(self, ruc: str) -> int:
        with self._lock:
            return self.hits[ruc]


def taxpayer_save(folder: Path, element: dict) -> Path:
    """Keep a taxpayer `sri_local --agregar` made, as the stand-in reads it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{element['numeroRuc']}.json"
    path.write_text(
        json.dumps([element], ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return path


def _answer(start_response, status: str, body: bytes, content_type: str):
    start_response(
        status,
        [
            ("Content-Type", f"{content_type}; charset=utf-8"),
            ("Content-Length", str(len(body))),
            (STANDIN_HEADER, "1"),
        ],
    )
    return [body]


class _Server(ThreadingMixIn, WSGIServer):
    """One thread per request, so a slow answer does not hold up the others."""

    daemon_threads = True
    # Connections to close without an answer, as a flaky network does (tests).
    drop_connections = 0
    connections = 0

    def verify_request(self, request, client_address) -> bool:
        self.connections += 1
        if self.drop_connections > 0:
            self.drop_connections -= 1
            return False
        return True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args) -> None:
        pass


class StandinServer:
    """A WSGI app (the stand-in unless told) on 127.0.0.1 in a background thread;
    port 0 picks a free one.

    with StandinServer() as sri:
        settings.SRI_BASE_URL = sri.base_url
    """

    def __init__(
        self,
        app=None,
        *,
        port: int = 0,
        handler_class: type[WSGIRequestHandler] = _QuietHandler,
    ) -> None:
        self.app = app or StandinSri()
        self._server = make_server(
            "127.0.0.1",
            port,
            self.app,
            server_class=_Server,
            handler_class=handler_class,
        )
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._server.server_port

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def connections(self) -> int:
        """Connections accepted so far, dropped ones included."""
        return self._server.connections

    def drop_next_connections(self, count: int) -> None:
        self._server.drop_connections = count

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def start(self) -> "StandinServer":
        # A short poll, so stop() returns at once (tests start one per test).
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="sri-standin",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        stopping = getattr(self.app, "stopping", None)
        if stopping is not None:
            stopping.set()
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()

    def __enter__(self) -> "StandinServer":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
