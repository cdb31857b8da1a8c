"""Database guards of the cash book: triggers that refuse, below the application, any UPDATE
or DELETE of a recorded entry or line, any entry in a closed year or outside its year's dates,
and any change to a closed year. Created by migration 0002; `quartier flush` (which empties
every table, as the test suite does between tests) lifts them for its own statement and puts
them back.

Messages use the typographic apostrophe (’): they sit inside SQL string literals.
SQLite and PostgreSQL both answer with an integrity error carrying the French message.
Changing a statement here needs a new migration that drops and recreates the triggers.
"""

from __future__ import annotations

ENTRY_LOCKED = (
    "Écriture enregistrée : elle ne peut être ni modifiée ni supprimée. "
    "Pour une erreur, enregistrez une correction."
)
YEAR_LOCKED = "Exercice clos : on ne peut plus rien y inscrire ni le modifier."
OUTSIDE_YEAR = "La date de l’écriture n’est pas dans son exercice."

ENTRY = "association_entry"
LINE = "association_entryline"
YEAR = "association_financialyear"

_SQLITE_FOREVER = [
    (f"{table}_no_{action.lower()}", table, action)
    for table in (ENTRY, LINE)
    for action in ("UPDATE", "DELETE")
]

# Statements built from the constants above only (no input reaches them): S608 does not apply.
SQLITE_CREATE = [
    *(
        f"CREATE TRIGGER {name} BEFORE {action} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{ENTRY_LOCKED}'); END;"
        for name, table, action in _SQLITE_FOREVER
    ),
    f"""CREATE TRIGGER {ENTRY}_open_year BEFORE INSERT ON {ENTRY}
    WHEN (SELECT closed_at FROM {YEAR} WHERE id = NEW.financial_year_id) IS NOT NULL
    BEGIN SELECT RAISE(ABORT, '{YEAR_LOCKED}'); END;""",  # noqa: S608
    f"""CREATE TRIGGER {ENTRY}_inside_year BEFORE INSERT ON {ENTRY}
    WHEN NEW.date < (SELECT starts_on FROM {YEAR} WHERE id = NEW.financial_year_id)
      OR NEW.date > (SELECT ends_on FROM {YEAR} WHERE id = NEW.financial_year_id)
    BEGIN SELECT RAISE(ABORT, '{OUTSIDE_YEAR}'); END;""",  # noqa: S608
    f"""CREATE TRIGGER {YEAR}_closed_no_update BEFORE UPDATE ON {YEAR}
    WHEN OLD.closed_at IS NOT NULL BEGIN SELECT RAISE(ABORT, '{YEAR_LOCKED}'); END;""",
    f"""CREATE TRIGGER {YEAR}_closed_no_delete BEFORE DELETE ON {YEAR}
    WHEN OLD.closed_at IS NOT NULL BEGIN SELECT RAISE(ABORT, '{YEAR_LOCKED}'); END;""",
]
SQLITE_DROP = [
    *(f"DROP TRIGGER IF EXISTS {name};" for name, _table, _action in _SQLITE_FOREVER),
    f"DROP TRIGGER IF EXISTS {ENTRY}_open_year;",
    f"DROP TRIGGER IF EXISTS {ENTRY}_inside_year;",
    f"DROP TRIGGER IF EXISTS {YEAR}_closed_no_update;",
    f"DROP TRIGGER IF EXISTS {YEAR}_closed_no_delete;",
]

# 23001 restrict_violation: psycopg raises IntegrityError, as SQLite's RAISE(ABORT) does.
POSTGRESQL_CREATE = [
    f"""CREATE OR REPLACE FUNCTION association_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '{ENTRY_LOCKED}' USING ERRCODE = 'restrict_violation';
    END $$;""",
    f"""CREATE OR REPLACE FUNCTION association_entry_in_open_year() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE year_row {YEAR}%ROWTYPE;
    BEGIN
      SELECT * INTO year_row FROM {YEAR} WHERE id = NEW.financial_year_id;
      IF year_row.closed_at IS NOT NULL THEN
        RAISE EXCEPTION '{YEAR_LOCKED}' USING ERRCODE = 'restrict_violation';
      END IF;
      IF NEW.date < year_row.starts_on OR NEW.date > year_row.ends_on THEN
        RAISE EXCEPTION '{OUTSIDE_YEAR}' USING ERRCODE = 'restrict_violation';
      END IF;
      RETURN NEW;
    END $$;""",  # noqa: S608
    f"""CREATE OR REPLACE FUNCTION association_closed_year_locked() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.closed_at IS NOT NULL THEN
        RAISE EXCEPTION '{YEAR_LOCKED}' USING ERRCODE = 'restrict_violation';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$;""",
    *(
        f"""CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION association_refuse_change();"""
        for table in (ENTRY, LINE)
    ),
    *(
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION association_refuse_change();"""
        for table in (ENTRY, LINE)
    ),
    f"""CREATE TRIGGER {ENTRY}_open_year BEFORE INSERT ON {ENTRY}
    FOR EACH ROW EXECUTE FUNCTION association_entry_in_open_year();""",
    f"""CREATE TRIGGER {YEAR}_closed_locked BEFORE UPDATE OR DELETE ON {YEAR}
    FOR EACH ROW EXECUTE FUNCTION association_closed_year_locked();""",
]
POSTGRESQL_DROP = [
    *(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table};" for table in (ENTRY, LINE)),
    *(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};" for table in (ENTRY, LINE)),
    f"DROP TRIGGER IF EXISTS {ENTRY}_open_year ON {ENTRY};",
    f"DROP TRIGGER IF EXISTS {YEAR}_closed_locked ON {YEAR};",
    "DROP FUNCTION IF EXISTS association_refuse_change();",
    "DROP FUNCTION IF EXISTS association_entry_in_open_year();",
    "DROP FUNCTION IF EXISTS association_closed_year_locked();",
]

STATEMENTS = {
    "sqlite": (SQLITE_CREATE, SQLITE_DROP),
    "postgresql": (POSTGRESQL_CREATE, POSTGRESQL_DROP),
}


def create_guards(connection) -> None:
    create, _drop = STATEMENTS.get(connection.vendor, ((), ()))
    with connection.cursor() as cursor:
        for statement in create:
            cursor.execute(statement)


def drop_guards(connection) -> None:
    _create, drop = STATEMENTS.get(connection.vendor, ((), ()))
    with connection.cursor() as cursor:
        for statement in drop:
            cursor.execute(statement)


def guards_in_place(connection) -> bool:
    """Whether the triggers exist (the guard test and `flush` ask)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                ["association_%"],
            )
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT COUNT(*) FROM pg_trigger WHERE tgname LIKE %s", ["association_%"]
            )
        else:
            return False
        return cursor.fetchone()[0] > 0
