"""Ventanilla virtual uploads and the electronic signatures they carry."""

from .environment import VAR_DIR, env

# Uploads (Ventanilla virtual): JPG or PDF, decided by content, at most 1 MB each. The
# first handler stops reading a file past the limit and refuses extra files; Django's
# own cap on the number of files is the backstop for anything beyond.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=1024 * 1024)
UPLOAD_MAX_FILES = env.int("UPLOAD_MAX_FILES", default=8)
UPLOAD_MAX_PIXELS = env.int("UPLOAD_MAX_PIXELS", default=40_000_000)
# What all the streams of one uploaded PDF may decode to (a scanned page is tens of
# MB; a bomb of 1 MB inflates to gigabytes and freezes the officer's viewer).
UPLOAD_PDF_MAX_INFLATED_BYTES = env.int(
    "UPLOAD_PDF_MAX_INFLATED_BYTES", default=100_000_000
)
FILE_UPLOAD_HANDLERS = [
    "clavepatronal.documents.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_NUMBER_FILES = 20
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024  # the non-file fields of any form
# An upload left on disk by a hard crash (no row) is removed after this many minutes.
UPLOAD_ORPHAN_MINUTES = env.int("UPLOAD_ORPHAN_MINUTES", default=60)

# Electronic signatures: the accredited entities' certificates shipped in
# clavepatronal/documents/trust/ (SIGNATURE_TRUST_SHIPPED), plus a folder of PEM
# certificates that adds to them (`<dir>/<entity>/*.pem` belong to that entity) or,
# with SIGNATURE_TRUST_SHIPPED=false, replaces them. Where demo data is allowed, the
# installation's demo CAs are trusted too; production refuses to start checking if
# the demo CA is in the folder (documents/truststore.py).
SIGNATURE_TRUST_SHIPPED = env.bool("SIGNATURE_TRUST_SHIPPED", default=True)
SIGNATURE_TRUST_ROOTS_DIR = env.str("SIGNATURE_TRUST_ROOTS_DIR", default="")
# A certificate in use that expires within this many days is a warning at start-up
# (documents.W001) and fails `manage.py confianza_firmas`.
SIGNATURE_TRUST_EXPIRY_WARNING_DAYS = env.int(
    "SIGNATURE_TRUST_EXPIRY_WARNING_DAYS", default=90
)
DEMO_CA_DIR = VAR_DIR / "demo-ca"
# Revocation of the signer's certificate (OCSP or CRL, as the certificate says): how
# long to wait for the authority, how long an answer is kept, and how soon an
# authority that did not answer is asked again. Without an answer the trámite is
# received marked «revocación no verificada» for the officer.
SIGNATURE_REVOCATION_TIMEOUT = env.int("SIGNATURE_REVOCATION_TIMEOUT", default=4)
# Revocation is fetched only from these hosts (`host` for http/https on their
# default ports, or `host:port`), plus the OCSP and CRL addresses that the
# trusted certificates name; never from a private address, and
# at most SIGNATURE_REVOCATION_MAX_BYTES per answer (documents/revocation_network.py).
SIGNATURE_REVOCATION_HOSTS = env.list("SIGNATURE_REVOCATION_HOSTS", default=[])
SIGNATURE_REVOCATION_MAX_BYTES = env.int(
    "SIGNATURE_REVOCATION_MAX_BYTES", default=10 * 1024 * 1024
)
SIGNATURE_REVOCATION_PRIVATE_ADDRESSES = False  # the tests' loopback responder only
SIGNATURE_REVOCATION_CACHE_SECONDS = env.int(
    "SIGNATURE_REVOCATION_CACHE_SECONDS", default=600
)
SIGNATURE_REVOCATION_RETRY_SECONDS = env.int(
    "SIGNATURE_REVOCATION_RETRY_SECONDS", default=60
)
