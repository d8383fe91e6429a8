"""Turnos en línea (docs/turnos.md) and the e-mailed codes that verify a person."""

from .environment import env

# E-mailed 6-digit codes (registration, turns): lifetime, wrong tries, codes per hour
# per identification and per address.
VERIFICATION_CODE_MINUTES = env.int("VERIFICATION_CODE_MINUTES", default=10)
VERIFICATION_MAX_ATTEMPTS = env.int("VERIFICATION_MAX_ATTEMPTS", default=5)
# Codes per hour for one identification with one address; for one address, whatever
# the identification; and for one identification, whatever the address (higher, so
# a stranger typing someone's number cannot use up the owner's codes).
VERIFICATION_MAX_CODES_PER_HOUR = env.int("VERIFICATION_MAX_CODES_PER_HOUR", default=4)
VERIFICATION_MAX_CODES_PER_EMAIL_HOUR = env.int(
    "VERIFICATION_MAX_CODES_PER_EMAIL_HOUR", default=6
)
VERIFICATION_MAX_CODES_PER_SUBJECT_HOUR = env.int(
    "VERIFICATION_MAX_CODES_PER_SUBJECT_HOUR", default=12
)

# Turnos en línea
# Minimum minutes between booking and the turn's start (no last-minute turns).
TURNOS_LEAD_MINUTES = env.int("TURNOS_LEAD_MINUTES", default=120)
# How many calendar days ahead turns can be booked, counting today.
TURNOS_DAYS_AHEAD = env.int("TURNOS_DAYS_AHEAD", default=14)
# Local time (America/Guayaquil, HH:MM) at which the next day opens for booking,
# every day: one fixed, announced moment instead of a trickle bots can watch.
TURNOS_RELEASE_TIME = env.str("TURNOS_RELEASE_TIME", default="07:00")
# Minutes the e-mail verification stays good for booking in one session.
TURNOS_VERIFIED_MINUTES = env.int("TURNOS_VERIFIED_MINUTES", default=60)
# A clave turn booked by a person the registration names who does not read its
# e-mail holds its seat this many hours (never past the turn) until the employer
# confirms it from the registration's mailbox; then the seat is free again.
TURNOS_EMPLOYER_CONFIRM_HOURS = env.int("TURNOS_EMPLOYER_CONFIRM_HOURS", default=6)
# «No fui yo»: days during which that identification and that mailbox cannot book
# for the employer without the code sent to the registration's e-mail.
TURNOS_NOT_ME_BLOCK_DAYS = env.int("TURNOS_NOT_ME_BLOCK_DAYS", default=90)
# Rate limits (django-ratelimit syntax) per client IP and per identification, for
# sending codes and for booking, rescheduling or cancelling.
TURNOS_RATE_PER_IP = env.str("TURNOS_RATE_PER_IP", default="30/h")
# The same counters per IPv4 /24 and IPv6 /64 (a program with many addresses of one
# network), with a higher ceiling for a network people share (an office, a carrier).
TURNOS_RATE_PER_NETWORK = env.str("TURNOS_RATE_PER_NETWORK", default="300/h")
# Pages a program would poll to catch a release (day and hour, agencies): per address
# and per network, generous for a person, binding for a program.
TURNOS_RATE_PAGES_PER_IP = env.str("TURNOS_RATE_PAGES_PER_IP", default="240/h")
TURNOS_RATE_PAGES_PER_NETWORK = env.str(
    "TURNOS_RATE_PAGES_PER_NETWORK", default="2400/h"
)
TURNOS_RATE_PER_IDENTIFICATION = env.str(
    "TURNOS_RATE_PER_IDENTIFICATION", default="15/h"
)

# Fair allocation (docs/turnos.md): ORDEN (first come, first served), SORTEO (each
# newly released day takes applications until TURNOS_DRAW_TIME, local time, the same
# day, then a published, verifiable draw) or AUTO (one or the other by how fast the
# agency's released days run out). Each agency may set its own mode.
TURNOS_ALLOCATION_MODE = env.str("TURNOS_ALLOCATION_MODE", default="AUTO")
# Modo automático: an AUTO agency switches to SORTEO, from the next day's release on,
# when each of its last TURNOS_AUTO_DAYS released days ran out within
# TURNOS_AUTO_SOLD_OUT_MINUTES of opening, and back to ORDEN when each of them still
# had a free seat TURNOS_AUTO_FREE_MINUTES after opening (not less than the former).
TURNOS_AUTO_DAYS = env.int("TURNOS_AUTO_DAYS", default=3)
TURNOS_AUTO_SOLD_OUT_MINUTES = env.int("TURNOS_AUTO_SOLD_OUT_MINUTES", default=30)
TURNOS_AUTO_FREE_MINUTES = env.int("TURNOS_AUTO_FREE_MINUTES", default=60)
TURNOS_DRAW_TIME = env.str("TURNOS_DRAW_TIME", default="19:00")
# Draws lost in a row at an agency after which an application goes first.
TURNOS_DRAW_PRIORITY_AFTER = env.int("TURNOS_DRAW_PRIORITY_AFTER", default=5)

# Estadísticas públicas (/turnos/estadisticas/): months shown, this one included,
# and the smallest count published (smaller cells are suppressed with every figure
# computed from them). The page and its open data are cached this many seconds.
TURNOS_STATS_MONTHS = env.int("TURNOS_STATS_MONTHS", default=12)
TURNOS_STATS_MIN_COUNT = env.int("TURNOS_STATS_MIN_COUNT", default=5)
TURNOS_STATS_CACHE_SECONDS = env.int("TURNOS_STATS_CACHE_SECONDS", default=600)
# Alertas de capacidad (administrators' home, docs/turnos.md): an agency with no
# free seat for a procedure within this many days, or whose recent draws had more
# applications per seat than this, is shown as an alert.
TURNOS_CAPACITY_HORIZON_DAYS = env.int("TURNOS_CAPACITY_HORIZON_DAYS", default=14)
TURNOS_CAPACITY_DEMAND_ALERT = env.float("TURNOS_CAPACITY_DEMAND_ALERT", default=3.0)
# Days of draws and of turns that the capacity figures look back over.
TURNOS_CAPACITY_LOOKBACK_DAYS = env.int("TURNOS_CAPACITY_LOOKBACK_DAYS", default=30)
# Regla de inasistencia (docs/turnos.md): who missed this many turns (desk: «No
# asistió») within this many days enters the draws after those who did not; 0 turns
# the rule off. Never a ban; cancelling up to the day before never counts.
TURNOS_NO_SHOW_LIMIT = env.int("TURNOS_NO_SHOW_LIMIT", default=2)
TURNOS_NO_SHOW_DAYS = env.int("TURNOS_NO_SHOW_DAYS", default=90)
# PostgreSQL checks every rule of a booking and writes it in one statement
# (appointments/sql/booking.sql, docs/deploy.md); False keeps the ORM path that
# SQLite always takes (the tests compare both).
TURNOS_BOOKING_STATEMENT = env.bool("TURNOS_BOOKING_STATEMENT", default=True)
# Turno asistido (docs/turnos.md): an officer at an agency's counter or on the phone
# line books for a person; each officer makes at most this many such turns and draw
# applications a day (administrators see every officer's count).
TURNOS_ASSISTED_DAILY_LIMIT = env.int("TURNOS_ASSISTED_DAILY_LIMIT", default=40)
# Lista de espera (docs/turnos.md): a seat freed on a day given out in order of
# arrival is offered to the waiting list first; the e-mailed link holds it this
# many minutes, then it goes to the next entry, and only then back to the calendar.
TURNOS_WAITLIST_HOLD_MINUTES = env.int("TURNOS_WAITLIST_HOLD_MINUTES", default=30)
