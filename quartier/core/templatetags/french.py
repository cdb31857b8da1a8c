"""French grammar the templates need: `{{ territory.name|of }}` gives « des Montoires »."""

from django import template

from quartier.core import text

register = template.Library()


@register.filter
def of(name: object) -> str:
    """« de » before a name, contracted or elided: « des Montoires », « d'Aïcha »."""
    return text.of(str(name))
