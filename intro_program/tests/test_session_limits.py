"""A login ends with the job, after half an hour without activity and after a working day in all."""

import datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse

from districts import clock
from districts.models import Role

pytestmark = pytest.mark.django_db


def _log_in(client, world, role=Role.ENHETSCHEF):
    response = client.post(reverse("login"), {"username": world.user(role).username, "password": world.password})
    assert response.status_code == 302 and response["Location"] == "/"


def _ends_with(client, response, text: str):
    """Assert that the response sent the user to the login page, which says `text`."""
    assert response.status_code == 302, response.status_code
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    login_page = client.get(response["Location"]).content.decode()
    assert text in login_page, login_page


def _leave(world, role, *, last_day):
    staff = world.people[role]
    staff.employment_end = last_day
    staff.save(update_fields=["employment_end"])


def test_a_leaver_cannot_log_in_after_their_last_day_and_is_told_why(client, world):
    _leave(world, Role.ENHETSCHEF, last_day=clock.today() - datetime.timedelta(days=30))
    response = client.post(
        reverse("login"), {"username": world.user(Role.ENHETSCHEF).username, "password": world.password}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert "Din anställning upphörde 1 november 2026" in page
    assert "korrekt användarnamn" not in page


def test_a_wrong_password_of_a_leaver_says_only_that_it_is_wrong(client, world):
    _leave(world, Role.ENHETSCHEF, last_day=clock.today() - datetime.timedelta(days=30))
    response = client.post(reverse("login"), {"username": world.user(Role.ENHETSCHEF).username, "password": "fel"})
    assert "korrekt användarnamn" in response.content.decode()
    assert "anställning" not in response.content.decode()


def test_the_last_day_of_employment_still_logs_in(client, world):
    _leave(world, Role.ENHETSCHEF, last_day=clock.today())
    _log_in(client, world)
    assert client.get("/").status_code == 200


def test_an_open_session_ends_at_midnight_after_the_last_day(client, world):
    _leave(world, Role.ENHETSCHEF, last_day=clock.today())
    late_on_the_last_day = datetime.datetime.combine(clock.today(), datetime.time(23, 50), tzinfo=clock.STOCKHOLM)
    with time_machine.travel(late_on_the_last_day, tick=True) as traveller:
        _log_in(client, world)
        assert client.get(reverse("districts:unit_list")).status_code == 200
        traveller.shift(datetime.timedelta(minutes=15))
        _ends_with(client, client.get(reverse("districts:unit_list")), "Din anställning upphörde 1 december 2026")


def test_a_session_ends_when_hr_records_that_the_employment_ended(client, world):
    _log_in(client, world)
    assert client.get("/").status_code == 200
    _leave(world, Role.ENHETSCHEF, last_day=clock.today() - datetime.timedelta(days=1))
    _ends_with(client, client.get("/"), "Din anställning upphörde 30 november 2026")


def test_a_session_ends_after_thirty_minutes_without_activity_and_the_login_page_says_so(client, world):
    _log_in(client, world)
    with time_machine.travel(clock.now(), tick=True) as traveller:
        for _ in range(3):  # activity every 29 minutes keeps it open
            traveller.shift(datetime.timedelta(minutes=29))
            assert client.get("/").status_code == 200
        traveller.shift(datetime.timedelta(minutes=30, seconds=1))
        _ends_with(client, client.get("/"), "Du har loggats ut efter 30 minuter utan aktivitet")


def test_a_session_ends_after_ten_hours_however_active_and_the_login_page_says_so(client, world):
    _log_in(client, world)
    with time_machine.travel(clock.now(), tick=True) as traveller:
        for _ in range(29):  # every 20 minutes for 9 h 40 min
            traveller.shift(datetime.timedelta(minutes=20))
            assert client.get("/").status_code == 200
        traveller.shift(datetime.timedelta(minutes=20))
        _ends_with(client, client.get("/"), "du har varit inloggad i 10 timmar")


def test_the_limits_are_settings(client, world, settings):
    settings.SESSION_IDLE_MINUTES = 5
    _log_in(client, world)
    with time_machine.travel(clock.now() + datetime.timedelta(minutes=5, seconds=1), tick=True):
        _ends_with(client, client.get("/"), "efter 5 minuter utan aktivitet")


def test_an_htmx_request_after_the_timeout_loads_the_login_page(client, world):
    _log_in(client, world)
    with time_machine.travel(clock.now() + datetime.timedelta(minutes=31), tick=True):
        response = client.get("/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("login")


def test_the_nightly_task_deletes_the_sessions_of_leavers_only(client, world):
    from django.test import Client

    from districts.tasks import end_sessions_of_leavers

    _log_in(client, world)
    other = Client()
    _log_in(other, world, Role.HR)
    _leave(world, Role.ENHETSCHEF, last_day=clock.today() - datetime.timedelta(days=1))
    assert end_sessions_of_leavers() == 1
    remaining = [session.get_decoded().get("_auth_user_id") for session in Session.objects.all()]
    assert remaining == [str(world.user(Role.HR).pk)]


def test_the_nightly_task_is_scheduled_just_after_midnight():
    import importlib

    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    # Other tests' flushes empty the table the migration filled; run its function again (idempotent).
    migration = importlib.import_module("districts.migrations.0006_schedule_ending_leavers_sessions")
    migration.schedule(apps, None)
    migration.schedule(apps, None)
    task = PeriodicTask.objects.get(task="districts.tasks.end_sessions_of_leavers")
    assert (task.crontab.hour, task.crontab.minute, task.enabled) == ("0", "5", True)
