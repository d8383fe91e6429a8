"""Start-up checks: outside demo installations, signatures are checked against a real
trust store, and the demo CA is never part of it."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured


@register()
def trust_roots_configured(app_configs, **kwargs) -> list[Error]:
    if settings.DEMO_DATA_ALLOWED:
        return []
    from .signatures import trust_roots

    folder = settings.SIGNATURE_TRUST_ROOTS_DIR
    if not folder or not Path(folder).is_dir():
        return [
            Error(
                "SIGNATURE_TRUST_ROOTS_DIR must name a folder of PEM roots",
                hint="The accredited authorities of Ecuador (BCE, Security Data...).",
                id="documents.E001",
            )
        ]
    try:
        roots = trust_roots()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="documents.E002")]
    except ValueError as error:
        return [Error(f"Unreadable PEM in {folder}: {error}", id="documents.E003")]
    if not roots:
        return [Error(f"No certificates in {folder}", id="documents.E001")]
    return []
