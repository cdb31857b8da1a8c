"""Backups of the whole database, and restoring them: SQLite and PostgreSQL.

SQLite: sqlite3's online backup API copies a consistent snapshot while the application runs,
and restores by copying the backup's pages over the live database in one step.
PostgreSQL: pg_dump's custom format (-Fc), restored by pg_restore --clean --if-exists in a
single transaction, so a failed restore leaves the database as it was.
A restore first backs up the database it replaces (`quartier-avant-restauration-<date>`), so a
restore of the wrong file can itself be undone.
Backups hold every resident's personal data: files are created readable by their owner only.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is French, for the console."""


def vendor(alias: str = "default") -> str:
    return connections[alias].vendor


def default_path(alias: str = "default", prefix: str = "quartier") -> Path:
    """var/backups/<prefix>-<date>-<time>.<sqlite3|dump>, never an existing file's name."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    extension = "sqlite3" if vendor(alias) == "sqlite" else "dump"
    folder = Path(settings.BACKUP_DIR)
    path, n = folder / f"{prefix}-{stamp}.{extension}", 1
    while path.exists():  # two in the same second (a restore right after a backup)
        n += 1
        path = folder / f"{prefix}-{stamp}-{n}.{extension}"
    return path


def _private_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)


def backup(out: Path | None = None, alias: str = "default") -> Path:
    """Write a backup of database `alias` to `out` (default: var/backups/<timestamp>)."""
    out = Path(out) if out else default_path(alias)
    if vendor(alias) == "sqlite":
        _backup_sqlite(out, alias)
    elif vendor(alias) == "postgresql":
        _backup_postgres(out, alias)
    else:
        raise BackupError(_("Base de données non prise en charge : %s.") % vendor(alias))
    return out


def restore(path: Path, alias: str = "default") -> Path:
    """Replace the content of database `alias` with the backup at `path`, after writing a
    backup of what it replaces; returns that backup (the way back). Nothing is replaced when
    the file is not a backup of this engine or the safety backup cannot be written."""
    path = Path(path)
    check_restorable(path, alias)
    previous = backup(default_path(alias, prefix="quartier-avant-restauration"), alias)
    if path.resolve() == previous.resolve():  # cannot happen by name, but never self-overwrite
        raise BackupError(_("Le fichier à restaurer est la sauvegarde de sécurité."))
    if vendor(alias) == "sqlite":
        _restore_sqlite(path, alias)
    else:
        _restore_postgres(path, alias)
    return previous


def check_restorable(path: Path, alias: str = "default") -> None:
    """Raise BackupError (in French) unless `path` is a quartier backup of this engine."""
    path = Path(path)
    kind = backup_kind(path)
    if kind is None:
        raise BackupError(
            _("« %s » n'est pas une sauvegarde de quartier : rien n'a été restauré.") % path
        )
    if kind != vendor(alias):
        raise BackupError(
            _(
                "Cette sauvegarde vient d'une base %(kind)s, la base actuelle est %(vendor)s : "
                "rien n'a été restauré."
            )
            % {"kind": kind, "vendor": vendor(alias)}
        )
    if vendor(alias) == "sqlite" and connections[alias].in_atomic_block:
        raise BackupError(_("Impossible de restaurer au milieu d'une transaction."))


def describe(alias: str = "default") -> str:
    """The database a restore would replace, as the console shows it (no password)."""
    s = connections[alias].settings_dict
    if vendor(alias) == "sqlite":
        return _("la base SQLite %s") % s["NAME"]
    where = f"{s.get('HOST') or 'localhost'}:{s.get('PORT') or 5432}"
    return _("la base PostgreSQL « %(name)s » sur %(where)s") % {"name": s["NAME"], "where": where}


def backup_kind(path: Path) -> str | None:
    """'sqlite' or 'postgresql' when `path` is a quartier backup, else None."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
    except OSError:
        return None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite" if _is_quartier_sqlite(path) else None
    if head.startswith(PG_MAGIC):
        return "postgresql" if _is_quartier_dump(path) else None
    return None


# --- SQLite ------------------------------------------------------------------------------------


def _backup_sqlite(out: Path, alias: str) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    _private_file(out)
    target = sqlite3.connect(out)
    try:
        # Works on the live connection, so also on the in-memory database of the tests.
        connection.connection.backup(target)
    finally:
        target.close()


def _is_quartier_sqlite(path: Path) -> bool:
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                return False
            row = db.execute(
                "SELECT 1 FROM django_migrations WHERE app = 'people' LIMIT 1"
            ).fetchone()
            return row is not None
        finally:
            db.close()
    except sqlite3.DatabaseError:
        return False


def _restore_sqlite(path: Path, alias: str) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        # Copies every page over the live database in one locked step: all or nothing.
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()


# --- PostgreSQL --------------------------------------------------------------------------------


def pg_binary(name: str, alias: str = "default") -> str:
    """pg_dump / pg_restore able to handle the server of database `alias`.

    pg_dump refuses a server newer than itself, and an older pg_restore cannot read a newer
    dump: take the tools of the server's own major version (/usr/lib/postgresql/<major>/bin)
    when installed, else the one in PATH or the newest installed, if not older than the server.
    """
    server = server_major(alias)
    versioned = {}
    for path in glob.glob(f"/usr/lib/postgresql/*/bin/{name}"):
        version = Path(path).parent.parent.name
        if version.isdigit():
            versioned[int(version)] = path
    if server in versioned:
        return versioned[server]
    candidates = [p for p in (shutil.which(name),) if p] + [
        versioned[v] for v in sorted(versioned, reverse=True)
    ]
    if not candidates:
        raise BackupError(
            _(
                "%s est introuvable : installez les outils clients de PostgreSQL "
                "(paquet postgresql-client)."
            )
            % name
        )
    for candidate in candidates:
        if server is None or (tool_major(candidate) or 0) >= server:
            return candidate
    raise BackupError(
        _(
            "%(name)s version %(tool)s ne sait pas traiter un serveur PostgreSQL %(server)s : "
            "installez postgresql-client-%(server)s."
        )
        % {"name": name, "tool": tool_major(candidates[0]), "server": server}
    )


def server_major(alias: str = "default") -> int | None:
    """Major version of the PostgreSQL server (e.g. 15), None for another engine."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return None
    connection.ensure_connection()
    return connection.pg_version // 10000


def tool_major(path: str) -> int | None:
    """Major version of a PostgreSQL client program, from `--version`."""
    try:
        result = subprocess.run(
            [path, "--version"], capture_output=True, text=True, check=False, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"(\d+)(?:\.\d+)?", result.stdout)
    return int(match.group(1)) if match else None


def _pg_args(alias: str) -> tuple[list[str], dict]:
    s = connections[alias].settings_dict
    args = []
    if s.get("HOST"):
        args += ["--host", s["HOST"]]
    if s.get("PORT"):
        args += ["--port", str(s["PORT"])]
    if s.get("USER"):
        args += ["--username", s["USER"]]
    env = {**os.environ}
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]  # never on the command line, where `ps` shows it
    return [*args, "--dbname", s["NAME"]], env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(
            _("%(program)s a échoué : %(error)s")
            % {"program": Path(command[0]).name, "error": result.stderr.strip()[-2000:]}
        )


def _backup_postgres(out: Path, alias: str) -> None:
    args, env = _pg_args(alias)
    _private_file(out)
    _run(
        [pg_binary("pg_dump", alias), "--format=custom", "--no-owner", "--file", str(out), *args],
        env,
    )


def _is_quartier_dump(path: Path) -> bool:
    try:
        listing = subprocess.run(
            [pg_binary("pg_restore"), "--list", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
    except BackupError:
        return False
    return listing.returncode == 0 and "django_migrations" in listing.stdout


def _restore_postgres(path: Path, alias: str) -> None:
    connections[alias].close()
    args, env = _pg_args(alias)
    _run(
        [
            pg_binary("pg_restore", alias),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            *args,
            str(path),
        ],
        env,
    )
