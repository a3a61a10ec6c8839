"""The load balancer's /health/: no login, no personal data, and never 200 when something it needs is down."""

import contextlib
import socket
import time

import pytest
from django.core.cache import cache
from django.db import connection

from conftest import _point_app_at_broker
from districts.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_worker_answers(settings):
    """Forget earlier tests' pings, and wait for a ping only briefly."""
    cache.clear()
    settings.HEALTH_WORKER_PING_TIMEOUT_SECONDS = 0.3


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the probe is closed


def test_health_answers_without_login_and_names_no_one(client, world):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "broker": "ok", "storage": "ok", "worker": body["checks"]["worker"]}
    assert body["checks"]["worker"] in {"ok", "stale"}
    text = response.content.decode()
    for person in world.people.values():
        assert person.work_email not in text and person.last_name not in text


def test_health_answers_503_when_the_database_is_down(client, transactional_db, settings):
    @contextlib.contextmanager
    def database_down():
        original = dict(connection.settings_dict)
        connection.close()
        if connection.vendor == "sqlite":
            connection.settings_dict["NAME"] = "/nonexistent/folder/db.sqlite3"
        else:
            connection.settings_dict.update(HOST="127.0.0.1", PORT=str(_closed_port()))
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(original)

    with database_down():
        response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["status"] == "fail" and response.json()["checks"]["database"] == "fail"
    assert client.get("/health/").status_code == 200, "healthy again once the database answers"


def test_health_answers_503_when_the_broker_is_down(client):
    from intro_program.celery import app

    previous = app.conf.broker_url
    _point_app_at_broker(app, f"redis://127.0.0.1:{_closed_port()}/0", always_eager=app.conf.task_always_eager)
    try:
        response = client.get("/health/")
    finally:
        _point_app_at_broker(app, previous, always_eager=app.conf.task_always_eager)

    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "fail"


def test_health_answers_503_when_the_file_storage_cannot_be_written(client, settings, tmp_path):
    not_a_folder = tmp_path / "media"
    not_a_folder.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = str(not_a_folder)

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "fail"


def test_a_worker_that_does_not_answer_is_stale_and_fails_health_only_where_required(client, settings, tmp_path):
    from intro_program.celery import app

    # A broker of its own (kombu's filesystem transport in a fresh folder), where surely no worker listens.
    previous = app.conf.broker_url, app.conf.broker_transport_options
    app.conf.broker_transport_options = dict.fromkeys(("data_folder_in", "data_folder_out", "control_folder"), tmp_path)
    _point_app_at_broker(app, "filesystem://localhost//", always_eager=app.conf.task_always_eager)
    try:
        assert client.get("/health/").json()["checks"]["worker"] == "stale"
        assert client.get("/health/").status_code == 200, "a busy or restarting worker keeps the web servers in"
        settings.HEALTH_WORKER_REQUIRED = True
        assert client.get("/health/").status_code == 503
    finally:
        app.conf.broker_transport_options = previous[1]
        _point_app_at_broker(app, previous[0], always_eager=app.conf.task_always_eager)


@pytest.mark.worker
def test_a_running_worker_answers_and_stays_ok_between_pings(client, celery_worker, settings):
    settings.HEALTH_WORKER_PING_TIMEOUT_SECONDS = 2
    settings.HEALTH_WORKER_REQUIRED = True

    first = client.get("/health/")
    assert first.status_code == 200 and first.json()["checks"]["worker"] == "ok"

    celery_worker.kill()
    # Within the ping interval the last answer stands; once it is older than the stale limit, it does not.
    assert client.get("/health/").json()["checks"]["worker"] == "ok"
    cache.set("health:worker-last-answer", time.time() - settings.HEALTH_WORKER_STALE_SECONDS - 1)
    cache.delete("health:worker-pinged")  # the ping interval is over
    response = client.get("/health/")
    assert response.json()["checks"]["worker"] == "stale" and response.status_code == 503


def test_the_health_page_is_the_same_for_a_signed_in_user(client, world):
    client.force_login(world.user(Role.HR))
    assert client.get("/health/").json()["status"] == "ok"
