"""Small text helpers shared by every app (no Django import)."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip accents and squeeze spaces: 'Élodie  MARTIN' -> 'elodie martin'.

    Used to search names the way people type them in a hurry (no accents, any case).
    """
    decomposed = unicodedata.normalize("NFKD", text)
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", without_marks).strip().casefold()


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
