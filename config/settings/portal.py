"""Portal del empleador (docs/portal.md): activation, recovery and its limits."""

from .environment import env

# Hours an e-mailed activation link and a printed activation code stay valid.
CLAVE_ACTIVATION_LINK_HOURS = env.int("CLAVE_ACTIVATION_LINK_HOURS", default=72)
CLAVE_ACTIVATION_CODE_HOURS = env.int("CLAVE_ACTIVATION_CODE_HOURS", default=72)
# Minutes a recovery link (¿Olvidó su clave?) stays valid.
CLAVE_RECOVERY_MINUTES = env.int("CLAVE_RECOVERY_MINUTES", default=30)
# ¿Olvidó su clave? answers after this many seconds whether or not the data matched
# (core.timing): timing must not tell who is registered.
CLAVE_RECOVERY_ANSWER_SECONDS = env.float("CLAVE_RECOVERY_ANSWER_SECONDS", default=0.25)
# Rate limits (django-ratelimit syntax) per client IP and per RUC for recovery,
# activation by code and the account's changes.
PORTAL_RATE_PER_IP = env.str("PORTAL_RATE_PER_IP", default="20/h")
PORTAL_RATE_PER_IDENTIFICATION = env.str(
    "PORTAL_RATE_PER_IDENTIFICATION", default="5/h"
)
# «Recuperar con firma electrónica»: days a Solicitud de restablecimiento de clave
# patronal may be uploaded signed, hours the link it earns stays valid, and how long
# the upload's answer takes whatever was found (core.timing).
CLAVE_SIGNED_RECOVERY_DAYS = env.int("CLAVE_SIGNED_RECOVERY_DAYS", default=7)
CLAVE_SIGNED_RECOVERY_LINK_HOURS = env.int(
    "CLAVE_SIGNED_RECOVERY_LINK_HOURS", default=24
)
CLAVE_SIGNED_RECOVERY_ANSWER_SECONDS = env.float(
    "CLAVE_SIGNED_RECOVERY_ANSWER_SECONDS", default=0.5
)
# Requests for one new e-mail address (the PDF and the upload count alike).
CLAVE_SIGNED_RECOVERY_RATE_PER_EMAIL = env.str(
    "CLAVE_SIGNED_RECOVERY_RATE_PER_EMAIL", default="5/h"
)
