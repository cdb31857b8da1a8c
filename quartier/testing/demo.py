"""The demo story for tests, built once per test process and copied into each test after.

Building the story runs the theme grouping, years of activities and the association's books:
ten to twenty seconds, and some forty tests stand on it. The first test of a process that asks
for it builds it with `build_demo`, as `quartier demo` does, and the rows it wrote are kept in
memory; a later test gets the same rows written back in one pass, and a copy of the `Story`.

A copy is only made where it gives what a build would: every table the build writes, and every
table those point to (content types, say), must hold what it held before the first build; the
day must be the same (the story counts weeks back from today), and the steps and the seed.
Anything else builds. Ids are the first build's: a test never relies on a given id.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from quartier.activities.demo import build_activities
from quartier.demo.story import (
    Step,
    Story,
    build_accounts,
    build_demo,
    build_partners,
    build_people,
    build_public_meetings,
    refresh_planner_statistics,
)
from quartier.evaluation.demo import build_evaluation

# The parts of the story that tests stand on, for `steps`: the activities need the people and
# the public meetings before them; the evaluation reads the activities.
UP_TO_ACTIVITIES: tuple[Step, ...] = (
    build_partners,
    build_people,
    build_accounts,
    build_public_meetings,
    build_activities,
)
UP_TO_EVALUATION: tuple[Step, ...] = (*UP_TO_ACTIVITIES, build_evaluation)

Rows = list[tuple]


@dataclass(frozen=True)
class _Table:
    model: type[models.Model]
    name: str
    columns: tuple[str, ...]


@dataclass
class _Snapshot:
    story: Story
    # What the copy stands on: the rows, before the build, of each table it rewrites and of
    # each table those point to (content types, say). Other tables do not enter the story.
    required: dict[_Table, Rows]
    # Only the tables the build changed, in an order where a row's parents come first (the
    # database's copies on attendance rows are then filled from rows already there).
    written: list[tuple[_Table, Rows]]

    def fits(self) -> bool:
        return all(_rows(table) == rows for table, rows in self.required.items())


_snapshots: dict[tuple, list[_Snapshot]] = {}


def load_demo(seed: int = 1999, steps: Sequence[Step] | None = None) -> Story:
    """The demo story in the test's database, as `build_demo(seed, steps)` would leave it."""
    key = (connection.vendor, seed, None if steps is None else tuple(steps), timezone.localdate())
    for snapshot in _snapshots.get(key, []):
        if snapshot.fits():
            _write(snapshot)
            return copy.deepcopy(snapshot.story)
    tables = _tables()
    before = {table: _rows(table) for table in tables}
    story = build_demo(seed, steps)
    written = [(table, after) for table in tables if (after := _rows(table)) != before[table]]
    rewritten = {table.model for table, _rows_after in written}
    standing_on = rewritten | _pointed_to(rewritten)
    required = {table: before[table] for table in tables if table.model in standing_on}
    _snapshots.setdefault(key, []).append(
        _Snapshot(story=copy.deepcopy(story), required=required, written=written)
    )
    return story


def _pointed_to(tables: set[type[models.Model]]) -> set[type[models.Model]]:
    return {
        field.related_model._meta.concrete_model
        for model in tables
        for field in model._meta.local_concrete_fields
        if field.is_relation and field.related_model is not None
    }


def _tables() -> list[_Table]:
    """Every table of the project's models, parents before the tables that point to them."""
    ordered: list[type[models.Model]] = []
    seen: set[type[models.Model]] = set()

    def visit(model: type[models.Model]) -> None:
        if model in seen:
            return
        seen.add(model)
        for field in model._meta.local_concrete_fields:
            if field.is_relation and field.related_model not in (None, model):
                visit(field.related_model._meta.concrete_model)
        ordered.append(model)

    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            visit(model)
    return [
        _Table(
            model=model,
            name=model._meta.db_table,
            columns=tuple(field.column for field in model._meta.local_concrete_fields),
        )
        for model in ordered
    ]


def _rows(table: _Table) -> Rows:
    """The rows as stored. On SQLite a unary `+` hides the column's declared type, so no
    converter turns a stored text into a Python time that could not be written back."""
    quote = connection.ops.quote_name
    pk = quote(table.model._meta.pk.column)
    raw = "+" if connection.vendor == "sqlite" else ""
    columns = ", ".join(raw + quote(column) for column in table.columns)
    with connection.cursor() as cursor:
        # Names come from the models, quoted; no value is spliced in.
        cursor.execute(f"SELECT {columns} FROM {quote(table.name)} ORDER BY {pk}")  # noqa: S608
        return [tuple(row) for row in cursor.fetchall()]


# Rows per INSERT statement: SQLite allows 32,766 parameters in one statement.
_BATCH_PARAMETERS = 30_000


@transaction.atomic
def _write(snapshot: _Snapshot) -> None:
    """Replace each table the build changed by its rows after the build, in one transaction
    (foreign keys are checked once every row is in), then bring the sequences of ids past them.

    The project's triggers are off meanwhile: the rows already hold what they would fill in
    (an attendance's copy of its date), and a guard would refuse what the build wrote before
    it closed a year of accounts."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor, _triggers_off(cursor, snapshot.written):
        for table, _rows_after in reversed(snapshot.written):
            cursor.execute(f"DELETE FROM {quote(table.name)}")  # noqa: S608
        for table, rows in snapshot.written:
            if rows:
                _insert(cursor, table, rows)
    models_written = [table.model for table, _rows_after in snapshot.written]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models_written):
            cursor.execute(statement)
    refresh_planner_statistics()


def _insert(cursor, table: _Table, rows: Rows) -> None:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in table.columns)
    if connection.vendor == "postgresql":
        # COPY: a statement of 40,000 rows of parameters is slow to put together in Python.
        with cursor.cursor.copy(f"COPY {quote(table.name)} ({columns}) FROM STDIN") as copy_in:
            for row in rows:
                copy_in.write_row(row)
        return
    placeholders = "(" + ", ".join(["%s"] * len(table.columns)) + ")"
    per_statement = max(1, _BATCH_PARAMETERS // len(table.columns))
    for start in range(0, len(rows), per_statement):
        batch = rows[start : start + per_statement]
        cursor.execute(
            f"INSERT INTO {quote(table.name)} ({columns}) VALUES "  # noqa: S608
            + ", ".join([placeholders] * len(batch)),
            [value for row in batch for value in row],
        )


@contextmanager
def _triggers_off(cursor, written: list[tuple[_Table, Rows]]) -> Iterator[None]:
    """The project's triggers on these tables, off inside the transaction, back on after."""
    names = [table.name for table, _rows_after in written]
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        # A table with foreign-key checks still pending cannot be altered: they are run first
        # (IMMEDIATE), then deferred again, as Django declares them, for the rest of the test.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name in names:
            cursor.execute(f"ALTER TABLE {quote(name)} DISABLE TRIGGER USER")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        yield
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name in names:
            cursor.execute(f"ALTER TABLE {quote(name)} ENABLE TRIGGER USER")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        return
    # SQLite cannot switch a trigger off: each is dropped, then made again from its own SQL
    # (both inside the transaction).
    marks = ", ".join(["%s"] * len(names))
    cursor.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({marks})",  # noqa: S608
        names,
    )
    triggers = cursor.fetchall()
    for name, _sql in triggers:
        cursor.execute(f"DROP TRIGGER {quote(name)}")
    yield
    for _name, sql in triggers:
        cursor.execute(sql)
