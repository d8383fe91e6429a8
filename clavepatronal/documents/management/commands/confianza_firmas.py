"""The trust store as an operator checks it: every certificate signatures are checked
against, and a non-zero exit when one in use expires soon (for cron or monitoring)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from clavepatronal.documents.selectors import TrustRow, trust_table

COLUMNS = (
    ("Tipo", 20),
    ("Sujeto", 50),
    ("Origen", 14),
    ("Válido hasta", 14),
    ("Días", 7),
    ("Estado", 14),
)


class Command(BaseCommand):
    help = (
        "Muestra los certificados en los que se confía para verificar firmas "
        "electrónicas (entidad, tipo, validez, días restantes, huella SHA-256) y "
        "termina con error si alguno en uso vence dentro del plazo de aviso."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dias",
            type=int,
            help="plazo de aviso en días (por omisión, "
            "SIGNATURE_TRUST_EXPIRY_WARNING_DAYS)",
        )
        parser.add_argument(
            "--huella-completa",
            action="store_true",
            help="muestra la huella SHA-256 completa y el archivo de cada certificado",
        )

    def handle(self, *args, dias: int | None, huella_completa: bool, **options):
        if dias is not None and dias < 0:
            raise CommandError("--dias no puede ser negativo.")
        try:
            table = trust_table(now=timezone.now(), days=dias)
        except (ImproperlyConfigured, ValueError) as error:
            raise CommandError(
                f"El almacén de confianza no se pudo leer: {error}"
            ) from None
        self._print_table(table.rows, full=huella_completa)
        self.stdout.write(
            f"{len(table.rows)} certificados de {table.entity_count} entidades; "
            f"{len(table.expiring)} en uso vencen en ≤{table.days} días."
        )
        if not settings.SIGNATURE_TRUST_SHIPPED:
            self.stdout.write(
                "SIGNATURE_TRUST_SHIPPED está apagado: no se confía en los "
                "certificados incluidos."
            )
        if table.expiring:
            names = "; ".join(
                f"{row.entity_name}: {row.subject} (vence el "
                f"{row.valid_until.isoformat()})"
                for row in table.expiring
            )
            raise CommandError(
                f"{len(table.expiring)} certificado(s) en uso vencen en ≤{table.days} "
                f"días: {names}. Actualice el almacén de confianza (docs/deploy.md)."
            )

    def _print_table(self, rows: list[TrustRow], *, full: bool) -> None:
        header = "".join(title.ljust(width) for title, width in COLUMNS)
        entity = None
        for row in rows:
            if row.entity_name != entity:
                entity = row.entity_name
                self.stdout.write(f"\n{entity}")
                self.stdout.write(f"  {header}Huella SHA-256")
            self.stdout.write(f"  {self._line(row, full=full)}")
            if full:
                self.stdout.write(f"  {'':20}{row.file}")
        self.stdout.write(
            "\nvencida: solo sirve para firmas con sello de tiempo anterior a su "
            "vencimiento; VENCE PRONTO: en uso y dentro del plazo de aviso.\n"
        )

    def _line(self, row: TrustRow, *, full: bool) -> str:
        status = row.status_label.split(":")[0]
        values = (
            row.role_label,
            _cut(row.subject, 48),
            row.origin,
            row.valid_until.isoformat(),
            str(row.days_left) if row.days_left >= 0 else "—",
            status.upper() if row.expiring else status,
        )
        cells = "".join(
            value.ljust(width)
            for value, (_t, width) in zip(values, COLUMNS, strict=True)
        )
        fingerprint = row.fingerprint if full else row.fingerprint_short
        return f"{cells}{fingerprint}"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else f"{text[: width - 1]}…"
