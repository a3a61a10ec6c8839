"""A real Celery worker on Redis for the tests that need one, and every test started outside a task."""

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from intro_program.tests.plugins.services import _database_url

BASE_DIR = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def _celery_outside_a_task():
    """Start every test outside a Celery task.

    A test that runs a worker in this process leaves Celery's process-wide "inside a task" flag set, and then
    every later `result.get()` in that pytest worker raises "Never call result.get() within a task!", depending
    on which tests ran before (xdist's order)."""
    from celery import _state

    _state._set_task_join_will_block(False)
    yield


# Start `celery` with the clock travelled to the test's instant (ticking), as time-machine does in the test.
_WORKER_ON_THE_TESTS_CLOCK = (
    "import datetime, os, sys, time_machine; "
    "time_machine.travel(datetime.datetime.fromisoformat(os.environ['TEST_FROZEN_AT']), tick=True).start(); "
    "from celery.__main__ import main; sys.argv[0] = 'celery'; sys.exit(main())"
)


class CeleryWorkerProcess:
    """A real `celery worker` subprocess on Redis, against the test database."""

    def __init__(self, broker_url: str, database_url: str, media_root: str):
        self.broker_url = broker_url
        self.database_url = database_url
        self.media_root = media_root
        self.process: subprocess.Popen | None = None
        self.log_path = BASE_DIR / "var" / "test-worker.log"

    def env(self) -> dict:
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="intro_program.settings_test",
            DATABASE_URL=self.database_url,
            CELERY_BROKER_URL=self.broker_url,
            CELERY_TASK_ALWAYS_EAGER="false",
            # The worker lives on the test's frozen clock too (see _WORKER_ON_THE_TESTS_CLOCK).
            TEST_FROZEN_AT=datetime.datetime.now(datetime.UTC).isoformat(),
            TEST_MEDIA_ROOT=self.media_root,
            DATABASE_CONN_MAX_AGE="0",
        )
        return env

    def start(self):
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    _WORKER_ON_THE_TESTS_CLOCK,
                    "-A",
                    "intro_program",
                    "worker",
                    "--pool=solo",
                    "--without-heartbeat",
                    "--without-gossip",
                    "--without-mingle",
                    "-l",
                    "info",
                ],
                cwd=BASE_DIR,
                env=self.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self._wait_until_ready()

    def _wait_until_ready(self, timeout: float = 90):  # a loaded 2-core machine can take a while
        from celery import Celery

        # A separate app that must not become the current one: tasks resolve the current app.
        probe = Celery(broker=self.broker_url, set_as_current=False)
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"celery worker exited; see {self.log_path}")
                if probe.control.ping(timeout=0.5):
                    return
            raise RuntimeError(f"celery worker did not answer within {timeout}s; see {self.log_path}")
        finally:
            probe.close()

    def kill(self):
        """Stop the worker abruptly, as a crash or a redeploy would."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()


@pytest.fixture
def celery_worker(require_redis, transactional_db, settings, tmp_path):
    """Start a real Celery worker on Redis; tasks queued by the test go to it, not eagerly.

    Tests using it must commit their data (the fixture pulls in `transactional_db`).
    """
    import redis

    from intro_program.celery import app

    redis.Redis.from_url(require_redis).flushdb()
    # Read what to restore before changing the settings: the app loads its configuration from them lazily,
    # so in a process whose first task runs here it would otherwise remember eager=False for every later test.
    previous = (app.conf.broker_url, app.conf.task_always_eager)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.MEDIA_ROOT = str(tmp_path / "media")
    _point_app_at_broker(app, require_redis, always_eager=False)
    from django.db import connection

    worker = CeleryWorkerProcess(require_redis, _database_url(connection.settings_dict), settings.MEDIA_ROOT)
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()
        _point_app_at_broker(app, previous[0], always_eager=previous[1])


def _point_app_at_broker(app, broker_url: str, *, always_eager: bool):
    """Point the Celery app at another broker with fresh connection pools.

    kombu keeps connection and producer pools in process-wide registries, so closing one
    pool would leave a closed pool for the next test that sends a task; reset them all.
    """
    from kombu import pools

    app.conf.broker_url = broker_url
    app.conf.task_always_eager = always_eager
    pools.reset()
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None
