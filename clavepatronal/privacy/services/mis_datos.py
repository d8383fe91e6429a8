"""«Mis datos»: each export the employer downloads is recorded in the audit trail
(what format, how much it named), so the employer's own access is accountable too."""

from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.services import audit_event_record
from clavepatronal.employers.models import EmployerAccount


def mis_datos_export_record(
    *, account: EmployerAccount, export_format: str, data: dict
) -> None:
    """One event per download, on the account, with the counts it carried."""
    audit_event_record(
        action=AuditAction.MIS_DATOS_EXPORTADOS,
        target=account,
        actor=account.user,
        actor_label=f"empleador {account.identification}",
        data={
            "format": export_format,
            "tramites": len(data["tramites"]),
            "turns": len(data["turns"]),
            "turn_applications": len(data["turn_applications"]),
            "waitlist_entries": len(data["waitlist_entries"]),
        },
    )
