"""The embedded default (a SQLite file) takes web, worker and beat writing at once without losing a write.

`make run` serves the web process, a Celery worker and beat on one SQLite file. Each process here
runs transactions that read and then write, as claiming a notification does; SQLite would answer
"database is locked" to one of them unless the settings make writers wait their turn.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
WRITES_PER_PROCESS = 150

# Each writer waits for the same instant, then reads and writes in one transaction, over and over.
WRITER = """
import datetime, os, sys, time
import django
django.setup()
from django.contrib.sessions.models import Session
from django.db import transaction

tag, start_at, count = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
time.sleep(max(0.0, start_at - time.time()))
failures = []
for number in range(count):
    try:
        with transaction.atomic():
            Session.objects.filter(session_key__startswith=tag).count()
            Session.objects.create(
                session_key=f"{tag}-{number:04d}",
                session_data="claimed",
                expire_date=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
            )
    except Exception as error:
        failures.append(f"{type(error).__name__}: {error}")
print(f"{tag} wrote {count - len(failures)} failures {len(failures)}")
for failure in sorted(set(failures)):
    print(failure)
sys.exit(1 if failures else 0)
"""


def _env(database_url: str) -> dict:
    env = dict(os.environ)
    env.update(DJANGO_SETTINGS_MODULE="intro_program.settings", DEBUG="1", DATABASE_URL=database_url)
    return env


def test_two_processes_write_one_sqlite_file_at_once_and_every_row_arrives(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "sessions", "-v", "0"],
        cwd=BASE_DIR,
        env=_env(database_url),
        check=True,
        capture_output=True,
    )
    start_at = time.time() + 3  # both have imported Django by then
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, tag, str(start_at), str(WRITES_PER_PROCESS)],
            cwd=BASE_DIR,
            env=_env(database_url),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for tag in ("web", "worker")
    ]
    outputs = [writer.communicate(timeout=120)[0] for writer in writers]
    report = "\n".join(outputs)
    assert "database is locked" not in report, report
    assert [writer.returncode for writer in writers] == [0, 0], report

    import sqlite3

    with sqlite3.connect(tmp_path / "db.sqlite3") as connection:
        written = connection.execute("SELECT count(*) FROM django_session").fetchone()[0]
        journal_mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
    assert written == 2 * WRITES_PER_PROCESS
    assert journal_mode == "wal"
