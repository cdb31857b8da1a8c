"""Count what a request asked the database, to prove a view fetches its object once."""

from __future__ import annotations

import re
from collections.abc import Iterable


def _selects_from(table: str) -> str:
    # A regular expression over the SQL Django logged, never a query run.
    return r'^SELECT .* FROM "' + re.escape(table) + r'"( |$)'  # noqa: S608


def reads_of_row(queries: Iterable[dict], table: str, column: str, value: int) -> int:
    """How many of `queries` (CaptureQueriesContext.captured_queries) select from `table`
    the row whose `column` equals `value`; a row read through a join does not count."""
    where = r'.*WHERE .*"' + re.escape(f'{table}"."{column}') + rf'" = {int(value)}\b'
    pattern = re.compile(_selects_from(table) + where, re.S)
    return sum(1 for query in queries if pattern.search(query["sql"]))


def reads_from(queries: Iterable[dict], table: str) -> int:
    """How many of `queries` select from `table` itself (not through a join)."""
    pattern = re.compile(_selects_from(table), re.S)
    return sum(1 for query in queries if pattern.search(query["sql"]))
