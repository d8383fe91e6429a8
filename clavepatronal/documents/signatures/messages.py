"""The document named in a refusal, with its article, and the refusal for a broken
signature, shared by every rule."""

from django.utils.translation import gettext as _

from ..constants import DocumentKind
from .report import SignatureRefused


def named(kind: str) -> dict:
    """The document with its article, for the messages: «La Solicitud…», «el
    Acuerdo…», «de la Solicitud…», «del Acuerdo…»."""
    if kind == str(DocumentKind.ACUERDO_RESPONSABILIDAD.label):
        the, the_capital, of_the = _("el %(kind)s"), _("El %(kind)s"), _("del %(kind)s")
    else:
        the, the_capital = _("la %(kind)s"), _("La %(kind)s")
        of_the = _("de la %(kind)s")
    return {
        "the_kind": the % {"kind": kind},
        "The_kind": the_capital % {"kind": kind},
        "of_the_kind": of_the % {"kind": kind},
    }


def broken(kind: str) -> SignatureRefused:
    return SignatureRefused(
        "broken",
        _(
            "La firma %(of_the_kind)s no es válida: el documento cambió después de "
            "firmarse o la firma está dañada. Firme de nuevo el documento original "
            "descargado del registro y cárguelo sin modificarlo."
        )
        % named(kind),
    )
