"""Two columns of `Attendance` copied from elsewhere by the database itself, so that counting
who came reads the attendance table (and its indexes) alone:

- `held_at`: the gathering's start, or empty when the gathering is cancelled;
- `person_kind`: the person's kind (resident, volunteer, professional).

The evaluation groups hundreds of thousands of attendances by person and by period; with the
date and the kind on the row, an index answers « each person's first visit », « a visit
within 60 days » or « a professional present » without a join per row.

Triggers keep the copies true whatever writes the rows: `save()`, `bulk_create`,
`QuerySet.update`, a merge of two people, a fixture. On SQLite an AFTER trigger corrects the
row just written; on PostgreSQL a BEFORE trigger fills it. Changing a statement here needs a
new migration that drops and recreates the triggers.
"""

from __future__ import annotations

ATTENDANCE = "gatherings_attendance"
GATHERING = "gatherings_gathering"
PERSON = "people_person"


# Built from the constants above only (no input reaches them): S608 does not apply.
def _held_at(gathering_id: str) -> str:
    return (
        f"(SELECT CASE WHEN g.cancelled_at IS NULL THEN g.start END "  # noqa: S608
        f"FROM {GATHERING} g WHERE g.id = {gathering_id})"
    )


# Empty, never NULL, while the person is not written yet (a fixture's order, deferred keys).
def _kind(person_id: str) -> str:
    return f"COALESCE((SELECT p.kind FROM {PERSON} p WHERE p.id = {person_id}), '')"  # noqa: S608


_HELD_AT = _held_at("NEW.gathering_id")
_KIND = _kind("NEW.person_id")
_COPY_ROW = (
    f"UPDATE {ATTENDANCE} SET held_at = {_HELD_AT}, person_kind = {_KIND} "  # noqa: S608
    "WHERE id = NEW.id;"
)
_GATHERING_TO_ROWS = (
    f"UPDATE {ATTENDANCE} SET held_at = "  # noqa: S608
    "CASE WHEN NEW.cancelled_at IS NULL THEN NEW.start END WHERE gathering_id = NEW.id;"
)
_PERSON_TO_ROWS = f"UPDATE {ATTENDANCE} SET person_kind = NEW.kind WHERE person_id = NEW.id;"  # noqa: S608

SQLITE_CREATE = [
    f"""CREATE TRIGGER {ATTENDANCE}_copy_insert AFTER INSERT ON {ATTENDANCE}
    BEGIN {_COPY_ROW} END;""",
    # Recursive triggers are off in SQLite: the trigger's own UPDATE does not fire it again.
    f"""CREATE TRIGGER {ATTENDANCE}_copy_update AFTER UPDATE ON {ATTENDANCE}
    WHEN NEW.held_at IS NOT {_HELD_AT} OR NEW.person_kind IS NOT {_KIND}
    BEGIN {_COPY_ROW} END;""",
    f"""CREATE TRIGGER {GATHERING}_copy_insert AFTER INSERT ON {GATHERING}
    BEGIN {_GATHERING_TO_ROWS} END;""",
    f"""CREATE TRIGGER {GATHERING}_copy_update AFTER UPDATE OF start, cancelled_at ON {GATHERING}
    WHEN NEW.start IS NOT OLD.start OR NEW.cancelled_at IS NOT OLD.cancelled_at
    BEGIN {_GATHERING_TO_ROWS} END;""",
    f"""CREATE TRIGGER {PERSON}_copy_insert AFTER INSERT ON {PERSON}
    BEGIN {_PERSON_TO_ROWS} END;""",
    f"""CREATE TRIGGER {PERSON}_copy_update AFTER UPDATE OF kind ON {PERSON}
    WHEN NEW.kind IS NOT OLD.kind BEGIN {_PERSON_TO_ROWS} END;""",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {table}_copy_{action};"
    for table in (ATTENDANCE, GATHERING, PERSON)
    for action in ("insert", "update")
]

POSTGRESQL_CREATE = [
    f"""CREATE OR REPLACE FUNCTION gatherings_attendance_copy() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      NEW.held_at := {_HELD_AT};
      NEW.person_kind := {_KIND};
      RETURN NEW;
    END $$;""",
    f"""CREATE OR REPLACE FUNCTION gatherings_gathering_copy() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' OR NEW.start IS DISTINCT FROM OLD.start
         OR NEW.cancelled_at IS DISTINCT FROM OLD.cancelled_at THEN
        {_GATHERING_TO_ROWS}
      END IF;
      RETURN NULL;
    END $$;""",
    f"""CREATE OR REPLACE FUNCTION gatherings_person_copy() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' OR NEW.kind IS DISTINCT FROM OLD.kind THEN
        {_PERSON_TO_ROWS}
      END IF;
      RETURN NULL;
    END $$;""",
    f"""CREATE TRIGGER {ATTENDANCE}_copy BEFORE INSERT OR UPDATE ON {ATTENDANCE}
    FOR EACH ROW EXECUTE FUNCTION gatherings_attendance_copy();""",
    f"""CREATE TRIGGER {GATHERING}_copy AFTER INSERT OR UPDATE OF start, cancelled_at
    ON {GATHERING} FOR EACH ROW EXECUTE FUNCTION gatherings_gathering_copy();""",
    f"""CREATE TRIGGER {PERSON}_copy AFTER INSERT OR UPDATE OF kind
    ON {PERSON} FOR EACH ROW EXECUTE FUNCTION gatherings_person_copy();""",
]
POSTGRESQL_DROP = [
    *(
        f"DROP TRIGGER IF EXISTS {table}_copy ON {table};"
        for table in (ATTENDANCE, GATHERING, PERSON)
    ),
    "DROP FUNCTION IF EXISTS gatherings_attendance_copy();",
    "DROP FUNCTION IF EXISTS gatherings_gathering_copy();",
    "DROP FUNCTION IF EXISTS gatherings_person_copy();",
]

STATEMENTS = {
    "sqlite": (SQLITE_CREATE, SQLITE_DROP),
    "postgresql": (POSTGRESQL_CREATE, POSTGRESQL_DROP),
}

# Fills the copies of rows written before the triggers existed (the migration runs it once).
FILL = (
    f"UPDATE {ATTENDANCE} SET "  # noqa: S608
    f"held_at = {_held_at(f'{ATTENDANCE}.gathering_id')}, "
    f"person_kind = {_kind(f'{ATTENDANCE}.person_id')}"
)
