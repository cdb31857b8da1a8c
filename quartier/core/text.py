"""Small text helpers shared by every app.

`fold` is defined in the synthesis library (which imports no app, so it cannot import core):
names are searched and contributions grouped with the same folding.
"""

from __future__ import annotations

from quartier.synthesis.text import fold

__all__ = ["fold", "of"]

_ARTICLES = (("les ", "des "), ("le ", "du "), ("la ", "de la "), ("l'", "de l'"), ("l’", "de l’"))
_VOWELS = "aeiouyhàâäéèêëîïôöùûüÿæœ"


def of(name: str) -> str:
    """« de » before a name, the way French writes it: « des Montoires », « du Val »,
    « de la Source », « de l'Orme », « d'Aïcha », « de Karim »."""
    stripped = name.strip()
    lowered = stripped.lower()
    for article, contracted in _ARTICLES:
        if lowered.startswith(article):
            return contracted + stripped[len(article) :]
    if lowered[:1] in _VOWELS:
        return "d'" + stripped
    return "de " + stripped
