"""`make run` on its embedded default (SQLite, filesystem broker) prints the URL, the logins and real errors only."""

import os
import re
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def test_a_management_command_on_sqlite_prints_no_axes_banner_no_w047_and_no_broker_warning(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "SECRET_KEY"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="intro_program.settings",
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CELERY_FILESYSTEM_BROKER_DIR=str(tmp_path / "broker"),
    )
    script = (
        "import django, sys; django.setup(); "
        "from django.core.management import call_command; "
        "call_command('check', databases=['default']); "
        # What seed_demo and the worker do with the broker: connect to it.
        "from intro_program.celery import app; conn = app.connection_for_write(); conn.ensure_connection(); "
        "conn.release()"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # Silenced (see settings.py): the three W047 of surveys' constraints, which SQLite cannot create, and the W040
    # of each model with a covering index, whose INCLUDE columns SQLite leaves out.
    assert re.fullmatch(r"System check identified no issues \(\d+ silenced\)\.", output.strip()), output
