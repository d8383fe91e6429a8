"""The audit trail as administrators search it: read-only, newest first."""

import datetime
import json
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from clavepatronal.appointments.constants import TURN_CODE_LENGTH
from clavepatronal.appointments.models import Draw, Turn, TurnApplication
from clavepatronal.appointments.selectors.draws import application_draws_lost
from clavepatronal.audit.constants import AuditAction
from clavepatronal.audit.models import AuditEvent
from clavepatronal.documents.codes import code_normalize
from clavepatronal.procedures.models import Tramite

from .reports import period_bounds

# Role filter values that are not a staff group.
ROLE_EMPLOYER = "Empleador"
ROLE_NONE = "ninguno"

# The keys events put in `data`, as a person reads them.
_DATA_LABELS = {
    "number": _("Número"),
    "code": _("Código"),
    "from": _("Desde"),
    "to": _("Hacia"),
    "note": _("Nota"),
    "agency": _("Agencia"),
    "email": _("Correo electrónico"),
    "registration": _("Registro"),
    "requirement": _("Requisito"),
    "attachments": _("Adjuntos"),
    "reason": _("Motivo"),
    "deed_number": _("Número de escritura"),
    "stamp_code": _("Código del sello"),
    "apoderado": _("Apoderado"),
    "channel": _("Canal"),
    "recipient_role": _("Quién retira"),
    "recipient_id_type": _("Tipo de identificación de quien retira"),
    "recipient_identification": _("Identificación de quien retira"),
    "procedure_type": _("Trámite"),
    "starts_at": _("Inicio"),
    "kind": _("Tipo"),
    "sector": _("Sector"),
    "ip": _("Dirección IP"),
    "sha256": _("SHA-256"),
    "draw": _("Sorteo"),
    "applications": _("Solicitudes"),
}


def audit_action_labels() -> dict[str, str]:
    """Every action the code records, with its label."""
    return dict(AuditAction.choices)


def audit_action_choices() -> list[tuple[str, str]]:
    """Known actions plus any other the trail holds, sorted by action."""
    labels = audit_action_labels()
    recorded = AuditEvent.objects.order_by().values_list("action", flat=True).distinct()
    return [
        (action, labels.get(action, action)) for action in sorted({*labels, *recorded})
    ]


def _object_filter(text: str) -> Q:
    """The event's object id, or a trámite number / turn code it concerns."""
    condition = (
        Q(target_id=text)
        | Q(data__number=text)
        | Q(data__code=text)
        | Q(data__registration=text)
    )
    tramite = Tramite.objects.filter(number__iexact=text).values("pk").first()
    if tramite:
        condition |= Q(
            target_type=Tramite._meta.label_lower, target_id=str(tramite["pk"])
        )
    if text.isascii() and text.isdigit() and len(text) <= 18:
        # A draw's losers are listed in one event on the draw, not on each of them.
        application = TurnApplication.objects.filter(pk=int(text)).first()
        if application:
            lost = [
                str(draw.pk) for draw in application_draws_lost(application=application)
            ]
            condition |= Q(
                action=AuditAction.SOLICITUD_NO_ASIGNADA,
                target_type=Draw._meta.label_lower,
                target_id__in=lost,
            )
    code = code_normalize(text, length=TURN_CODE_LENGTH)
    for candidate in {code, text.upper()} - {None}:
        turn = Turn.objects.filter(code=candidate).values("pk").first()
        if turn:
            condition |= Q(data__code=candidate) | Q(
                target_type=Turn._meta.label_lower, target_id=str(turn["pk"])
            )
    return condition


def audit_event_search(
    *,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    action: str = "",
    actor: str = "",
    target: str = "",
    role: str = "",
    ip: str = "",
) -> QuerySet[AuditEvent]:
    """Events matching every filter given, newest first. `action` is exact when it
    names a known action, else a prefix ("tramite." finds every trámite event)."""
    events = AuditEvent.objects.select_related("actor")
    start, end = period_bounds(start=date_from, end=date_to)
    if start:
        events = events.filter(created__gte=start)
    if end:
        events = events.filter(created__lt=end)
    if action:
        if action in audit_action_labels():
            events = events.filter(action=action)
        else:
            events = events.filter(action__istartswith=action)
    if actor:
        events = events.filter(
            Q(actor__username__icontains=actor) | Q(actor_label__icontains=actor)
        )
    if target:
        events = events.filter(_object_filter(target))
    if role == ROLE_NONE:
        events = events.filter(actor_role="")
    elif role:
        events = events.filter(actor_role__icontains=role)
    if ip:
        events = events.filter(ip=ip)
    return events.order_by("-created", "-id")


@dataclass(frozen=True)
class AuditRow:
    """One event as the page shows it."""

    event: AuditEvent
    action_label: str
    actor: str
    target: str
    details: list[tuple[str, str]]


def _value_text(value) -> str:
    if isinstance(value, list):
        return ", ".join(_value_text(item) for item in value) or "—"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if value is None or value == "":
        return "—"
    return str(value)


def _target_text(event: AuditEvent) -> str:
    if not event.target_type:
        return ""
    try:
        name = apps.get_model(event.target_type)._meta.verbose_name
    except (LookupError, ValueError):
        name = event.target_type
    return f"{name} #{event.target_id}"


def audit_rows(*, events) -> list[AuditRow]:
    """A page of events, with labels and readable details."""
    labels = audit_action_labels()
    rows = []
    for event in events:
        data = event.data if isinstance(event.data, dict) else {"": event.data}
        rows.append(
            AuditRow(
                event=event,
                action_label=labels.get(event.action, ""),
                actor=event.actor.get_username() if event.actor else "",
                target=_target_text(event),
                details=[
                    (str(_DATA_LABELS.get(key, key)), _value_text(value))
                    for key, value in data.items()
                ],
            )
        )
    return rows
