"""Folding text the way people type names in a hurry (no Django import): the theme engine and
every app's name search compare words through the same `fold`."""

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
