"""`make backup` and `make restore`: a backup restored into an empty database holds the same rows."""

import io
import sqlite3

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from conftest import _missing_service
from districts import backup
from districts.models import StaffMember


@pytest.fixture
def require_pg_tools():
    """Skip (fail under CI=true) when pg_dump or pg_restore is missing."""
    if backup.shutil.which("pg_dump") is None or backup.shutil.which("pg_restore") is None:
        _missing_service("pg_dump and pg_restore are needed (Debian: postgresql-client)")


def _row_counts(cursor) -> dict[str, int]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def fresh_postgres_database(require_postgres, settings):
    """An empty database on the test server, dropped afterwards."""
    database = settings.DATABASES["default"]
    name = f"{database['NAME']}_restore"
    admin = psycopg2.connect(
        dbname="postgres",
        user=database.get("USER") or "postgres",
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or "127.0.0.1",
        port=database.get("PORT") or 5432,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_a_postgresql_backup_restores_into_an_empty_database_with_the_same_rows(
    transactional_db, world, fresh_postgres_database, require_pg_tools, settings, tmp_path
):
    settings.BACKUP_DIR = str(tmp_path)
    call_command("backup", stdout=io.StringIO())
    (dump,) = tmp_path.iterdir()
    assert dump.suffix == ".dump" and dump.stat().st_size > 0

    backup.restore(path=dump, database_name=fresh_postgres_database)

    with connection.cursor() as cursor:
        original = _row_counts(cursor)
    database = settings.DATABASES["default"]
    restored_connection = psycopg2.connect(
        dbname=fresh_postgres_database,
        user=database.get("USER") or "postgres",
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or "127.0.0.1",
        port=database.get("PORT") or 5432,
    )
    with restored_connection, restored_connection.cursor() as cursor:
        restored = _row_counts(cursor)
        cursor.execute("SELECT first_name FROM districts_staffmember WHERE id = %s", [world.hire.pk])
        assert cursor.fetchone() == ("Nora",)
    restored_connection.close()
    assert original["districts_staffmember"] > 0 and original["districts_historicalstaffmember"] > 0
    assert restored == original


def test_restoring_over_the_live_database_brings_back_what_was_removed(
    transactional_db, world, require_postgres, require_pg_tools, settings, tmp_path
):
    settings.BACKUP_DIR = str(tmp_path)
    path = backup.backup()
    StaffMember.objects.filter(pk=world.other_hire.pk).update(first_name="Ändrad efter säkerhetskopian")
    call_command("restore", str(path), stdout=io.StringIO())
    assert StaffMember.objects.get(pk=world.other_hire.pk).first_name == "Otto"


def _sqlite_database(path) -> dict:
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}


def test_the_sqlite_default_is_backed_up_with_the_backup_api_and_restored(tmp_path):
    live = tmp_path / "db.sqlite3"
    with sqlite3.connect(live) as db:
        db.execute("CREATE TABLE staff (id INTEGER PRIMARY KEY, name TEXT)")
        db.executemany("INSERT INTO staff (name) VALUES (?)", [("Nora",), ("Otto",), ("Sara",)])
    copy = backup.backup_database(database=_sqlite_database(live), directory=tmp_path / "backups")
    assert copy.parent.name == "backups" and copy.suffix == ".sqlite3" and copy.name.startswith("db-")

    with sqlite3.connect(live) as db:
        db.execute("DELETE FROM staff WHERE name = 'Otto'")
    backup.restore_database(database=_sqlite_database(live), path=copy)

    empty = tmp_path / "empty.sqlite3"
    backup.restore_database(database=_sqlite_database(empty), path=copy)
    for restored in (live, empty):
        with sqlite3.connect(restored) as db:
            assert db.execute("SELECT name FROM staff ORDER BY id").fetchall() == [("Nora",), ("Otto",), ("Sara",)]


def test_restoring_something_that_is_not_a_backup_changes_nothing(tmp_path):
    live = tmp_path / "db.sqlite3"
    with sqlite3.connect(live) as db:
        db.execute("CREATE TABLE staff (name TEXT)")
        db.execute("INSERT INTO staff VALUES ('Nora')")
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(backup.BackupError):
        backup.restore_database(database=_sqlite_database(live), path=junk)
    with pytest.raises(backup.BackupError, match="does not exist"):
        backup.restore_database(database=_sqlite_database(live), path=tmp_path / "missing.sqlite3")
    with sqlite3.connect(live) as db:
        assert db.execute("SELECT name FROM staff").fetchall() == [("Nora",)]
