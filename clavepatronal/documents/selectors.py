"""Reads: a generated document by its code, its bytes, and the trust store as
operators see it (the `confianza_firmas` command, the documents.W001 check, the back
office)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .codes import document_code_normalize
from .models import GeneratedDocument
from .signatures.certificates import common_name
from .signatures.entities import entity_name
from .truststore import TrustedCertificate, trust_store


def generated_document_get_by_code(*, code: str) -> GeneratedDocument | None:
    """Find a document by a code as a person typed it; None when there is none."""
    normalized = document_code_normalize(code)
    if normalized is None:
        return None
    return GeneratedDocument.objects.filter(code=normalized).first()


def generated_document_content(*, document: GeneratedDocument) -> bytes:
    """The PDF's bytes, from private storage (disk, or S3 in scale-out)."""
    return document.content


class TrustStatus(models.TextChoices):
    """Where a trusted certificate stands today; the command, the system check and
    the back office all read it from `trust_table`."""

    VIGENTE = "vigente", _("vigente")
    VENCE_PRONTO = "vence_pronto", _("vence pronto")
    VENCIDA = "vencida", _("vencida: solo para firmas con sello de tiempo anterior")
    NO_VIGENTE_AUN = "no_vigente_aun", _("todavía no vigente")


ROLE_LABELS = {
    "root": _("raíz"),
    "intermediate": _("intermedia"),
    "intermediate_anchor": _("intermedia (ancla)"),
}


@dataclass(frozen=True)
class TrustRow:
    """One certificate of the trust store as an operator reads it."""

    entity: str
    entity_name: str
    role: str
    subject: str
    origin: str
    valid_until: datetime.date
    days_left: int
    status: str
    fingerprint: str
    file: str

    @property
    def fingerprint_short(self) -> str:
        return ":".join(self.fingerprint[i : i + 4] for i in range(0, 16, 4))

    @property
    def role_label(self) -> str:
        return str(ROLE_LABELS[self.role])

    @property
    def status_label(self) -> str:
        return TrustStatus(self.status).label

    @property
    def expiring(self) -> bool:
        return self.status == TrustStatus.VENCE_PRONTO


@dataclass(frozen=True)
class TrustTable:
    rows: list[TrustRow]
    days: int

    @property
    def expiring(self) -> list[TrustRow]:
        """Certificates in use that expire within the window."""
        return [row for row in self.rows if row.expiring]

    @property
    def entity_count(self) -> int:
        return len({row.entity for row in self.rows if row.entity})


def trust_status(
    certificate: TrustedCertificate, *, now: datetime.datetime, days: int
) -> str:
    """The one place that says «vence pronto»: in use and at most `days` left."""
    if now < certificate.cert.not_valid_before_utc:
        return TrustStatus.NO_VIGENTE_AUN
    if not certificate.in_use(now):
        return TrustStatus.VENCIDA
    if certificate.days_left(now) <= days:
        return TrustStatus.VENCE_PRONTO
    return TrustStatus.VIGENTE


def _role(certificate: TrustedCertificate) -> str:
    if certificate.role != "intermediate":
        return "root"
    return "intermediate_anchor" if certificate.anchor else "intermediate"


def _trust_row(
    certificate: TrustedCertificate, *, now: datetime.datetime, days: int
) -> TrustRow:
    return TrustRow(
        entity=certificate.entity,
        entity_name=entity_name(certificate.entity)
        or certificate.entity
        or str(_("Sin entidad")),
        role=_role(certificate),
        subject=common_name(certificate.cert.subject),
        origin=certificate.origin,
        valid_until=certificate.cert.not_valid_after_utc.date(),
        days_left=certificate.days_left(now),
        status=trust_status(certificate, now=now, days=days),
        fingerprint=certificate.sha256,
        file=certificate.file,
    )


def trust_table(*, now: datetime.datetime, days: int | None = None) -> TrustTable:
    """Every certificate signatures are checked against, by entity (those of no
    entity last), roots first, then by expiry. `days` is the warning window
    (SIGNATURE_TRUST_EXPIRY_WARNING_DAYS unless given). Raises what `trust_store`
    raises on a broken configuration."""
    if days is None:
        days = settings.SIGNATURE_TRUST_EXPIRY_WARNING_DAYS
    rows = [_trust_row(c, now=now, days=days) for c in trust_store().certificates]
    rows.sort(
        key=lambda row: (
            not row.entity,
            row.entity_name.casefold(),
            row.role != "root",
            row.valid_until,
            row.subject,
        )
    )
    return TrustTable(rows=rows, days=days)
