"""The web process survives its database going away: the next request after it is back succeeds.

gunicorn runs as the Procfile starts it (one sync worker, which keeps its database connection between
requests, CONN_MAX_AGE). The test then ends every connection of the database, as a restart or a
failover does, and asks again.
"""

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from conftest import _database_url
from courses import services
from districts.tests.factories import StaffMemberFactory
from intro_program.bench.server import procfile_web_command

pytestmark = [pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def web_process(require_postgres, tmp_path):
    port = _free_port()
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="intro_program.settings_test",
        DATABASE_URL=_database_url(connection.settings_dict),
        DATABASE_CONN_MAX_AGE="600",
        ALLOWED_HOSTS="127.0.0.1",
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="1",
    )
    log = open(tmp_path / "gunicorn.log", "wb")  # noqa: SIM115  (closed below, after the process)
    process = subprocess.Popen(procfile_web_command(env), cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield base_url, tmp_path / "gunicorn.log"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _end_the_apps_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
        return cursor.fetchone()[0]


def test_the_next_request_after_the_database_restarts_succeeds(web_process):
    base_url, log = web_process
    feed = services.calendar_feed_for(staff=StaffMemberFactory())  # a page that reads the database, no login
    url = f"{base_url}/kurser/kalender/{feed.token}.ics"
    assert _status(url) == 200, log.read_text()
    assert _end_the_apps_connections() >= 1  # the worker's kept connection
    statuses = [_status(url) for _ in range(3)]
    assert statuses == [200, 200, 200], log.read_text()
