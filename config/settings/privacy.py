"""Personal data (LOPDP; clavepatronal.privacy, docs/datos-personales.md): the
notice's contacts, the retention periods, the rights requests' clock."""

from .environment import env  # noqa: F401
