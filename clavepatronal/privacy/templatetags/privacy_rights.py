"""Tags the officers' screens use to show what the rights requests say: the
«Dato en disputa» flag (LOPDP Art. 19) and the deadlines' alert on the home."""

from django import template

from ..selectors.rights import disputed_requests, rights_alerts

register = template.Library()


@register.inclusion_tag("privacy/derechos_disputa.html")
def dato_en_disputa(*identifications: str) -> dict:
    """The flag, when an open request concerns one of these identifications
    (the employer's RUC or cédula, a person named by its registration)."""
    return {"disputes": list(disputed_requests(identifications=list(identifications)))}


@register.inclusion_tag("privacy/derechos_alerta.html")
def derechos_alerta() -> dict:
    """Overdue and due-soon rights requests, for the back-office home."""
    return rights_alerts()
