# The extra credential the employer login passes to authenticate(): the backend
# then accepts employer accounts only, and the admin login (without it) staff only.
PORTAL_EMPLEADOR = "empleador"

# Session keys of the portal journeys.
ACTIVATION_SESSION_KEY = "portal_activacion"
EMAIL_CHANGE_SESSION_KEY = "portal_cambio_correo"
# «Recuperar con firma electrónica»: the codes of the Solicitudes de restablecimiento
# this browser generated (newest last), so it may download them again.
SIGNED_RECOVERY_SESSION_KEY = "portal_restablecimientos"
SIGNED_RECOVERY_PER_SESSION = 10
