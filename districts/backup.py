"""Back up the database to a timestamped file in settings.BACKUP_DIR, and restore one (`make backup` / `make restore`).

PostgreSQL is dumped with pg_dump's custom format and restored with pg_restore (--clean --if-exists, so a
restore replaces what is there); the embedded SQLite default is copied with SQLite's online backup API,
which is safe while the app writes. Media files (exports) are not part of the backup: they are temporary.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connections

from districts import clock


class BackupError(Exception):
    """A backup or restore could not be made; the message says why."""


def _database(alias: str = "default") -> dict:
    return settings.DATABASES[alias]


def _is_postgresql(database: dict) -> bool:
    return database["ENGINE"] == "django.db.backends.postgresql"


def _pg_environment(database: dict) -> dict:
    environment = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if database.get(key):
            environment[variable] = str(database[key])
    return environment


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: postgresql-client)")
    return path


def backup_path(database: dict, directory: Path) -> Path:
    stamp = clock.now().astimezone(clock.STOCKHOLM).strftime("%Y%m%d-%H%M%S")
    name = Path(str(database["NAME"])).stem
    suffix = ".dump" if _is_postgresql(database) else ".sqlite3"
    return directory / f"{name}-{stamp}{suffix}"


def backup(*, directory: Path | None = None, alias: str = "default") -> Path:
    """Write a backup of the database and return its path."""
    return backup_database(database=_database(alias), directory=directory, alias=alias)


def backup_database(*, database: dict, directory: Path | None = None, alias: str | None = None) -> Path:
    """Write a backup of the database described by `database` (a DATABASES entry) and return its path."""
    directory = Path(directory or settings.BACKUP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    target = backup_path(database, directory)
    if _is_postgresql(database):
        result = subprocess.run(
            [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}", str(database["NAME"])],
            env=_pg_environment(database),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            target.unlink(missing_ok=True)
            raise BackupError(result.stderr.strip() or "pg_dump failed")
        return target
    with sqlite3.connect(str(database["NAME"])) as source, sqlite3.connect(str(target)) as copy:
        source.backup(copy)
    return target


def restore(*, path: Path, alias: str = "default", database_name: str | None = None) -> None:
    """Replace the database's contents (or those of `database_name` on the same server) with the backup's."""
    database = dict(_database(alias))
    if database_name:
        database["NAME"] = database_name
    else:
        connections[alias].close()  # our own open connection would hold locks the restore needs
    restore_database(database=database, path=path)


def restore_database(*, database: dict, path: Path) -> None:
    """Replace the contents of the database described by `database` with the backup at `path`."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist")
    if _is_postgresql(database):
        result = subprocess.run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--exit-on-error",
                f"--dbname={database['NAME']}",
                str(path),
            ],
            env=_pg_environment(database),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(result.stderr.strip() or "pg_restore failed")
        return
    with sqlite3.connect(str(path)) as source:
        try:
            sound = source.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        except sqlite3.DatabaseError:
            sound = False
        if not sound:
            raise BackupError(f"{path} is not a sound SQLite database")
        with sqlite3.connect(str(database["NAME"])) as target:
            source.backup(target)
