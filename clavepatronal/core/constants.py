import datetime

from django.utils.translation import gettext_lazy as _

# Centros de Atención a nivel nacional: lunes a viernes de 8:00 a 17:00 (the seed).
OPENING_WEEKDAYS = (0, 1, 2, 3, 4)
OPENING_TIME = datetime.time(8, 0)
CLOSING_TIME = datetime.time(17, 0)
OPENING_HOURS_LABEL = _("lunes a viernes de 8:00 a 17:00")

# Session keys of a signed-in person (core.middleware): when they logged in and
# when they last made a request, in seconds since the epoch.
SESSION_LOGIN_AT_KEY = "sesion_inicio"
SESSION_SEEN_AT_KEY = "sesion_actividad"

# The methods a form page answers (require_http_methods): shown, and submitted.
GET_POST = ["GET", "HEAD", "POST"]
