"""Start-up checks: signatures are checked against a trust store that holds at least
one readable certificate, outside demo installations the demo CA is never part of
it, and a certificate in use that expires soon is a warning."""

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone


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


@register()
def trust_store_expiry(app_configs, **kwargs) -> list[Warning]:
    """documents.W001 for each certificate in use that expires within
    SIGNATURE_TRUST_EXPIRY_WARNING_DAYS (the same rows `confianza_firmas` fails on);
    a store that cannot be read is trust_store_configured's error, not this one."""
    from .selectors import trust_table

    try:
        table = trust_table(now=timezone.now())
    except (ImproperlyConfigured, ValueError):
        return []
    return [
        Warning(
            f"The trusted certificate {row.subject!r} of {row.entity_name} "
            f"({row.origin}) expires on {row.valid_until.isoformat()}, in "
            f"{row.days_left} days",
            hint="Add its successor to the trust store (scripts/trust_import.py or "
            "SIGNATURE_TRUST_ROOTS_DIR/<entity>/) before it expires; "
            "`manage.py confianza_firmas` lists the store.",
            obj=row.file,
            id="documents.W001",
        )
        for row in table.expiring
    ]
