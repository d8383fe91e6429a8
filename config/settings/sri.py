"""SRI taxpayer lookups at registration (employers.sri; docs/registro.md)."""

from .environment import env

# Base URL of the SRI's public taxpayer service (the real one in production:
# https://srienlinea.sri.gob.ec); the default is the local stand-in (manage.py
# sri_local), so development and tests never leave the machine.
SRI_BASE_URL = env.str("SRI_BASE_URL", default="http://127.0.0.1:8001").rstrip("/")
# Seconds to open the connection and to wait for the answer: together the longest a
# person waits on «Consultando al SRI…» before the registration goes on marked «RUC
# no verificado con el SRI» (the recheck task does the rest). One retry follows a
# connection refused or dropped at once, never a timeout.
SRI_CONNECT_TIMEOUT = env.float("SRI_CONNECT_TIMEOUT", default=1.5)
SRI_READ_TIMEOUT = env.float("SRI_READ_TIMEOUT", default=2.5)
# Answers kept in the shared cache: an ACTIVO taxpayer for SRI_CACHE_SECONDS, any
# other answer (not active, unknown RUC) for SRI_CACHE_SECONDS_OTHER; failures never.
SRI_CACHE_SECONDS = env.int("SRI_CACHE_SECONDS", default=24 * 60 * 60)
SRI_CACHE_SECONDS_OTHER = env.int("SRI_CACHE_SECONDS_OTHER", default=10 * 60)
# Circuit breaker, shared by every worker through the cache: after this many
# consecutive failures no request is sent for the cool-down; then one trial request
# decides whether it closes again.
SRI_BREAKER_FAILURES = env.int("SRI_BREAKER_FAILURES", default=5)
SRI_BREAKER_COOLDOWN_SECONDS = env.int("SRI_BREAKER_COOLDOWN_SECONDS", default=60)
# A registration the SRI did not answer for is marked «RUC no verificado con el SRI»
# and a task worker asks again after SRI_RECHECK_SECONDS × attempt, up to
# SRI_RECHECK_ATTEMPTS times (about 10 h with the defaults); after that, or with a
# backend that cannot defer, `manage.py verificar_sri` (cron) asks for every one.
SRI_RECHECK_SECONDS = env.int("SRI_RECHECK_SECONDS", default=10 * 60)
SRI_RECHECK_ATTEMPTS = env.int("SRI_RECHECK_ATTEMPTS", default=8)
