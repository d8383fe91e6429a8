"""Start-up checks: signatures are checked against a trust store that holds at least
one readable certificate, and outside demo installations the demo CA is never part
of it."""

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured


@register()
def trust_store_configured(app_configs, **kwargs) -> list[Error]:
    from .truststore import trust_store

    folder = settings.SIGNATURE_TRUST_ROOTS_DIR
    try:
        store = trust_store()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="documents.E002")]
    except ValueError as error:
        return [Error(f"Unreadable PEM in {folder}: {error}", id="documents.E003")]
    if not any(certificate.anchor for certificate in store.certificates):
        return [
            Error(
                "The signature trust store is empty",
                hint="Keep SIGNATURE_TRUST_SHIPPED on (the accredited entities of "
                "Ecuador) or name a folder of PEM roots in SIGNATURE_TRUST_ROOTS_DIR.",
                id="documents.E001",
            )
        ]
    return []
