"""Every metric the service records, in one place. The names are a contract: the
alert rules (deploy/prometheus), the dashboard and the cluster test read them.

Labels take bounded values only (route names, agency pks, procedure codes, refusal
codes): never an identification, a name or an e-mail address. With
PROMETHEUS_MULTIPROC_DIR set (gunicorn, db_worker, commands) each process writes its
values to files there and /metricas/ adds them up (exposition.py); the gauges from
the database are not here but in collector.py, computed when scraped.
"""

from prometheus_client import Counter, Gauge, Histogram

PREFIX = "clavepatronal"

_FAST = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
_REQUEST = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
_DRAW = (0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)

HTTP_REQUESTS = Counter(
    f"{PREFIX}_http_requests",
    "HTTP requests by route name, method and status.",
    ["route", "method", "status"],
)
HTTP_DURATION = Histogram(
    f"{PREFIX}_http_request_duration_seconds",
    "Time to answer a request, by route name and method.",
    ["route", "method"],
    buckets=_REQUEST,
)
HTTP_DB = Histogram(
    f"{PREFIX}_http_db_seconds",
    "Time spent in database queries during one request.",
    ["route"],
    buckets=_FAST,
)
HTTP_CACHE = Histogram(
    f"{PREFIX}_http_cache_seconds",
    "Time spent in cache calls during one request.",
    ["route"],
    buckets=_FAST,
)

CODES_SENT = Counter(
    f"{PREFIX}_codes_sent",
    "E-mail verification codes written to the outbox, by purpose.",
    ["purpose"],
)
CODES_FAILED = Counter(
    f"{PREFIX}_codes_failed",
    "E-mail verification codes refused or not sent, by purpose and reason.",
    ["purpose", "reason"],
)

TURNS_BOOKED = Counter(
    f"{PREFIX}_turns_booked",
    "Turns booked (committed), by agency and procedure type.",
    ["agency", "procedure"],
)
TURNS_REFUSED = Counter(
    f"{PREFIX}_turns_refused",
    "Bookings refused by a business rule, by agency and the refusal's code.",
    ["agency", "reason"],
)
DRAW_APPLICATIONS = Counter(
    f"{PREFIX}_draw_applications",
    "Applications filed (committed) for a drawn day, by agency.",
    ["agency"],
)
DRAW_APPLICATIONS_REFUSED = Counter(
    f"{PREFIX}_draw_applications_refused",
    "Applications refused by a business rule, by agency and the refusal's code.",
    ["agency", "reason"],
)
DRAWS_RUN = Counter(
    f"{PREFIX}_draws_run",
    "Draws run (committed), by agency.",
    ["agency"],
)
DRAW_DURATION = Histogram(
    f"{PREFIX}_draw_duration_seconds",
    "How long one draw took, by agency.",
    ["agency"],
    buckets=_DRAW,
)
DRAW_LAST_FINISHED = Gauge(
    f"{PREFIX}_draw_last_finished_timestamp_seconds",
    "When the agency's last draw committed (Unix time).",
    ["agency"],
    multiprocess_mode="max",
)

UPLOADS_REFUSED = Counter(
    f"{PREFIX}_uploads_refused",
    "Uploaded files refused, by the refusal's code.",
    ["reason"],
)
SIGNATURE_REVOCATION_UNCHECKED = Counter(
    f"{PREFIX}_signature_revocation_unchecked",
    "Signatures accepted whose revocation could not be checked (no OCSP/CRL answer).",
)

SRI_LOOKUPS = Counter(
    f"{PREFIX}_sri_lookups",
    "SRI taxpayer lookups by result (found, not_found, unavailable), the reason "
    "when unavailable, and whether the answer came from the cache.",
    ["result", "reason", "cached"],
)
