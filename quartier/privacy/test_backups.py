"""`quartier backup` / `quartier restore`: a round trip gives back every row of every table.

Runs on the database the suite uses: SQLite normally, PostgreSQL under bin/with-postgres.
"""

import datetime as dt
import io
import os
import re
import sqlite3
import stat
import subprocess

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from quartier.gatherings.models import Attendance, Gathering
from quartier.people.models import Consent, Person
from quartier.privacy import backups
from quartier.privacy.backups import backup_kind, pg_binary, server_major, tool_major
from quartier.privacy.models import AuditEvent
from quartier.testing.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)


def _tables() -> dict:
    """Row count of every table, and every row of every model table, in a stable order."""
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    rows = {
        model._meta.db_table: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    return {"counts": counts, "rows": rows}


def _some_data(territory) -> None:
    claire = make_user("professional", username="claire")
    people = [
        Person.objects.create(
            display_name=name, territory=territory, phone="06 00 00 00 0" + str(i)
        )
        for i, name in enumerate(["Aïcha Benali", "Karim Ouali", "<script>alert(1)</script>"])
    ]
    gathering = Gathering.objects.create(
        kind=Gathering.Kind.PUBLIC_MEETING,
        title="Réunion publique « vivre ensemble »",
        start=timezone.now() - dt.timedelta(days=3),
        territory=territory,
        notes="=1+1\n\u202eRTL",
    )
    for person in people:
        Attendance.objects.create(gathering=gathering, person=person, recorded_by=claire)
    Consent.objects.create(person=people[0], purpose="contact", means="signed")
    AuditEvent.objects.create(action="view", user=claire, detail={"champs": ["téléphone"]})


def _call(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_round_trip_restores_every_table(territory, tmp_path):
    _round_trip(territory, tmp_path)


@pytest.mark.postgres
def test_postgresql_round_trip_with_tools_of_the_server_version(territory, tmp_path):
    """Selected by `bin/with-postgres pytest -m postgres`: the PostgreSQL path itself, with
    pg_dump/pg_restore of the server's major version. A missing tool fails (never skips)."""
    if connection.vendor != "postgresql":
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true: run this test under bin/with-postgres")
        pytest.skip("needs PostgreSQL: bin/with-postgres .venv/bin/pytest -m postgres")
    for tool in ("pg_dump", "pg_restore"):
        assert tool_major(pg_binary(tool)) == server_major(), tool
    _round_trip(territory, tmp_path)


def test_a_tool_older_than_the_server_is_refused_in_french(monkeypatch):
    monkeypatch.setattr(backups, "server_major", lambda alias="default": 99)
    monkeypatch.setattr(backups.glob, "glob", lambda pattern: [])
    monkeypatch.setattr(backups.shutil, "which", lambda name: "/usr/bin/pg_dump")
    monkeypatch.setattr(backups, "tool_major", lambda path: 15)
    with pytest.raises(backups.BackupError, match="installez postgresql-client-99"):
        backups.pg_binary("pg_dump")
    monkeypatch.setattr(backups.shutil, "which", lambda name: None)
    with pytest.raises(backups.BackupError, match="introuvable"):
        backups.pg_binary("pg_dump")


def test_the_tools_of_the_server_version_are_preferred(monkeypatch):
    monkeypatch.setattr(backups, "server_major", lambda alias="default": 15)
    monkeypatch.setattr(
        backups.glob,
        "glob",
        lambda pattern: [pattern.replace("*", v) for v in ("15", "17")],
    )
    monkeypatch.setattr(backups.shutil, "which", lambda name: "/usr/bin/pg_dump")
    assert backups.pg_binary("pg_dump") == "/usr/lib/postgresql/15/bin/pg_dump"


def _round_trip(territory, tmp_path) -> None:
    _some_data(territory)
    before = _tables()
    assert before["rows"]["people_person"] and before["rows"]["gatherings_attendance"]
    file = tmp_path / "sauvegarde"
    _call("backup", "--out", str(file))
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert backup_kind(file) == connection.vendor

    # Start again from an empty database, with a stray row the restore must remove.
    call_command("flush", interactive=False, verbosity=0)
    Person.objects.create(display_name="Ne devrait pas rester")
    assert _tables() != before

    assert "Base restaurée" in _call("restore", str(file))
    # The restore itself is recorded after the restored rows; set it aside to compare.
    AuditEvent.objects.filter(action="restore").delete()
    after = _tables()
    assert after["counts"] == before["counts"]
    for table, rows in before["rows"].items():
        assert after["rows"][table] == rows, table
    # The restored database is usable: the app can write to it.
    Person.objects.create(display_name="Après restauration")


def test_backup_is_a_consistent_standalone_file(territory, tmp_path):
    _some_data(territory)
    file = tmp_path / "sauvegarde"
    _call("backup", "--out", str(file))
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(file)
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = {row[0] for row in copy.execute("SELECT display_name FROM people_person")}
        copy.close()
        assert "Aïcha Benali" in names
    else:
        listing = subprocess.run(
            [pg_binary("pg_restore"), "--list", str(file)], capture_output=True, text=True
        ).stdout
        assert "TABLE DATA public people_person" in listing


def test_default_location_is_var_backups_with_a_timestamp(tmp_path):
    with override_settings(BACKUP_DIR=tmp_path / "backups"):
        out = _call("backup")
    files = list((tmp_path / "backups").iterdir())
    assert len(files) == 1
    assert re.fullmatch(r"quartier-\d{8}-\d{6}\.(sqlite3|dump)", files[0].name)
    assert str(files[0]) in out
    assert stat.S_IMODE((tmp_path / "backups").stat().st_mode) == 0o700


def test_restore_refuses_what_is_not_a_backup(territory, tmp_path):
    Person.objects.create(display_name="Aïcha Benali")
    text = tmp_path / "notes.txt"
    text.write_text("ceci n'est pas une sauvegarde")
    other_sqlite = tmp_path / "autre.sqlite3"
    db = sqlite3.connect(other_sqlite)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    for path in [text, other_sqlite, tmp_path / "absent.dump"]:
        with pytest.raises(CommandError, match="n'est pas une sauvegarde de quartier"):
            _call("restore", str(path))
    assert Person.objects.filter(display_name="Aïcha Benali").exists()
