"""The published rules a person reads where they apply (docs/turnos.md)."""

from django import template

from ..selectors.no_shows import no_show_rule_text

register = template.Library()


@register.simple_tag
def no_show_rule() -> str:
    """Regla de inasistencia, in one sentence."""
    return no_show_rule_text()
