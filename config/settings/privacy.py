"""Personal data (LOPDP; clavepatronal.privacy, docs/datos-personales.md): the
notice's contacts, the retention periods, the rights requests' clock."""

from .environment import env  # noqa: F401

# Rights requests (LOPDP Arts. 13-17, 19): answered within this many working days
# (Monday to Friday, Ecuador's national holidays excluded), counted from the first
# working day after the request is received.
PRIVACY_RIGHTS_DEADLINE_WORKING_DAYS = env.int(
    "PRIVACY_RIGHTS_DEADLINE_WORKING_DAYS", default=15
)
# Working days before the deadline when a request shows as «por vencer».
PRIVACY_RIGHTS_DUE_SOON_WORKING_DAYS = env.int(
    "PRIVACY_RIGHTS_DUE_SOON_WORKING_DAYS", default=3
)
# The public form's limits, like the turns' code flow.
PRIVACY_RIGHTS_RATE_PER_IP = env.str("PRIVACY_RIGHTS_RATE_PER_IP", default="20/h")
PRIVACY_RIGHTS_RATE_PER_NETWORK = env.str(
    "PRIVACY_RIGHTS_RATE_PER_NETWORK", default="200/h"
)
PRIVACY_RIGHTS_RATE_PER_IDENTIFICATION = env.str(
    "PRIVACY_RIGHTS_RATE_PER_IDENTIFICATION", default="10/h"
)
# Breaches: to the Authority (Art. 43) and to the people affected (Art. 46),
# working days ("término") from the discovery.
PRIVACY_BREACH_AUTHORITY_WORKING_DAYS = env.int(
    "PRIVACY_BREACH_AUTHORITY_WORKING_DAYS", default=5
)
PRIVACY_BREACH_PEOPLE_WORKING_DAYS = env.int(
    "PRIVACY_BREACH_PEOPLE_WORKING_DAYS", default=3
)

# The «Aviso de privacidad» (/privacidad/; LOPDP Art. 12): the controller, its
# data-protection officer (Art. 48) and where a person may complain. Set each to
# the IESS's own once appointed (docs/datos-personales.md).
PRIVACY_CONTROLLER_NAME = env.str(
    "PRIVACY_CONTROLLER_NAME",
    default="Instituto Ecuatoriano de Seguridad Social (IESS)",
)
PRIVACY_CONTROLLER_ADDRESS = env.str(
    "PRIVACY_CONTROLLER_ADDRESS", default="Av. 10 de Agosto y Bogotá, Quito, Ecuador"
)
PRIVACY_DPO_NAME = env.str(
    "PRIVACY_DPO_NAME", default="Delegado de Protección de Datos Personales del IESS"
)
PRIVACY_DPO_EMAIL = env.str("PRIVACY_DPO_EMAIL", default="protecciondatos@iess.gob.ec")
PRIVACY_DPO_PHONE = env.str("PRIVACY_DPO_PHONE", default="")
PRIVACY_AUTHORITY_NAME = env.str(
    "PRIVACY_AUTHORITY_NAME",
    default="Superintendencia de Protección de Datos Personales",
)
PRIVACY_AUTHORITY_URL = env.str(
    "PRIVACY_AUTHORITY_URL", default="https://www.spdp.gob.ec/"
)

# Retention (clavepatronal.privacy.retention; `manage.py depurar_datos`, daily).
# E-mailed codes, hours after they were sent.
PRIVACY_RETENTION_CODES_HOURS = env.int("PRIVACY_RETENTION_CODES_HOURS", default=24)
# Registration and ventanilla drafts (and the files a draft kept), hours after
# they expired.
PRIVACY_RETENTION_DRAFTS_HOURS = env.int("PRIVACY_RETENTION_DRAFTS_HOURS", default=24)
# A refused power of attorney's scan, days after the refusal (0: the next run).
PRIVACY_RETENTION_REFUSED_DAYS = env.int("PRIVACY_RETENTION_REFUSED_DAYS", default=0)
# A Solicitud de restablecimiento never returned signed, days after it expired.
PRIVACY_RETENTION_RESETS_DAYS = env.int("PRIVACY_RETENTION_RESETS_DAYS", default=30)
# «No fui yo» blocks, days after they ended.
PRIVACY_RETENTION_BLOCKS_DAYS = env.int("PRIVACY_RETENTION_BLOCKS_DAYS", default=0)
# E-mails already sent (their bodies name people), days after sending.
PRIVACY_RETENTION_MAIL_DAYS = env.int("PRIVACY_RETENTION_MAIL_DAYS", default=30)
# Turns and draw applications, days after their day: then anonymised (agency,
# day and state stay for the statistics).
PRIVACY_RETENTION_TURNS_DAYS = env.int("PRIVACY_RETENTION_TURNS_DAYS", default=365)
# The archive period: a closed trámite's files and applicant data, and generated
# forms no record uses, years after they were made. Set it to the IESS's approved
# table of documentary periods (Ley del Sistema Nacional de Archivos).
PRIVACY_RETENTION_ARCHIVE_YEARS = env.int("PRIVACY_RETENTION_ARCHIVE_YEARS", default=7)
# The audit trail is kept at least this long and never edited (the job never
# touches it; the table shows it).
PRIVACY_RETENTION_AUDIT_YEARS = env.int("PRIVACY_RETENTION_AUDIT_YEARS", default=15)
# Rows per transaction in `depurar_datos`. A file storage refused to delete is
# retried by the next run (the orphan sweep, UPLOAD_ORPHAN_MINUTES).
PRIVACY_PURGE_BATCH = env.int("PRIVACY_PURGE_BATCH", default=500)
