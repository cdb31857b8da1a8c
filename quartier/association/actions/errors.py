from __future__ import annotations


class AssociationError(Exception):
    """A rule of the association refused the operation; the message is French, for people."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message
