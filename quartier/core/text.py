"""Small text helpers shared by every app.

`fold` is defined in the synthesis library (which imports no app, so it cannot import core):
names are searched and contributions grouped with the same folding.
"""

from __future__ import annotations

from quartier.synthesis.text import fold

__all__ = ["fold"]
