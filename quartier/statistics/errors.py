"""Errors raised by the statistics engine; `str(error)` is a French message for the user."""

from __future__ import annotations


class StatisticsError(ValueError):
    """Base class: anything the engine refuses, explained in French."""


class ReadError(StatisticsError):
    """A file cannot be read; says where (line, column) when it can.

    `message` is the bare explanation; `str(error)` prefixes it with the line and column, e.g.
    "ligne 12, colonne P18_POP : « abc » n'est pas un nombre".
    """

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        column: str | None = None,
        source: str | None = None,
    ) -> None:
        self.message = message
        self.line = line
        self.column = column
        self.source = source
        # Every problem found before reading stopped, this one first (see reader.read_table).
        self.problems: list[ReadError] = [self]
        super().__init__(self._render())

    def _render(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"ligne {self.line}")
        if self.column is not None:
            where.append(f"colonne {self.column}")
        return f"{', '.join(where)} : {self.message}" if where else self.message

    @classmethod
    def several(cls, problems: list[ReadError]) -> ReadError:
        """The first problem, carrying all of them, for a report that lists every line."""
        first = problems[0]
        first.problems = list(problems)
        return first


class AreaNotFoundError(StatisticsError, LookupError):
    """The requested area code is not in the file (nor derivable from it)."""
