"""No e-mail is silently lost: a real worker retries a failed send with backoff and logs when it gives up.

A small SMTP server (aiosmtpd) on 127.0.0.1 refuses the first messages with a temporary error; the
Celery worker (conftest.celery_worker) sends to it over SMTP.
"""

import socket
import time

import pytest
from aiosmtpd.controller import Controller

from courses import services
from courses.models import NominationEvent, NominationEventKind, SentNotification
from courses.tests.factories import CourseRoundFactory, del1_of

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


class FlakyMailServer:
    """An SMTP handler that answers "451 try again later" to the first `refuse` messages, then accepts."""

    def __init__(self, refuse: int):
        self.refuse = refuse
        self.refused = 0
        self.accepted = []

    async def handle_DATA(self, server, session, envelope):
        if self.refused < self.refuse:
            self.refused += 1
            return "451 4.3.0 Tillfälligt fel, försök senare"
        self.accepted.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_mail_server(monkeypatch, *, refuse: int) -> tuple[FlakyMailServer, Controller]:
    """Start the server and point the worker (started after this, with this environment) at it."""
    handler = FlakyMailServer(refuse)
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("TEST_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    monkeypatch.setenv("EMAIL_HOST", "127.0.0.1")
    monkeypatch.setenv("EMAIL_PORT", str(port))
    monkeypatch.setenv("MAIL_RETRY_BACKOFF_SECONDS", "1")  # 1 s, 2 s, 4 s ... instead of minutes
    return handler, controller


@pytest.fixture
def mail_server_that_refuses_twice(monkeypatch):
    handler, controller = _start_mail_server(monkeypatch, refuse=2)
    yield handler
    controller.stop()


@pytest.fixture
def mail_server_that_is_down(monkeypatch):
    monkeypatch.setenv("MAIL_RETRY_MAX", "2")
    handler, controller = _start_mail_server(monkeypatch, refuse=1000)
    yield handler
    controller.stop()


def _wait_for(condition, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.2)
    return None


def _book(world):
    course_round = CourseRoundFactory(course=del1_of(world.organisation), title="Del 1 mars 2027")
    nomination = services.round_nominate(course_round=course_round, staff=world.hire, actor=None)  # mails on commit
    return nomination.events.get(kind=NominationEventKind.BOOKED)


def test_a_booking_mail_refused_twice_arrives_on_the_third_try(
    mail_server_that_refuses_twice, celery_worker, world, require_postgres
):
    server = mail_server_that_refuses_twice
    event = _book(world)
    # The nominee's copy (refused twice, sent on the third try) and then their enhetschef's.
    assert _wait_for(lambda: len(server.accepted) >= 2), f"the mails did not arrive; see {celery_worker.log_path}"
    nominee, manager = server.accepted
    assert server.refused == 2
    assert nominee.rcpt_tos == [world.hire.work_email] and world.hire.work_email not in manager.rcpt_tos
    assert all(b"Plats bokad: Del 1 mars 2027" in message.content for message in (nominee, manager))
    assert SentNotification.objects.filter(kind="nomination_event", key=str(event.pk)).count() == 1


def test_a_mail_server_that_stays_down_is_tried_three_times_and_the_failure_is_logged(
    mail_server_that_is_down, celery_worker, world, require_postgres
):
    server = mail_server_that_is_down
    log_start = celery_worker.log_path.stat().st_size
    event = _book(world)

    def gave_up() -> str | None:
        with open(celery_worker.log_path, encoding="utf-8", errors="replace") as log:
            log.seek(log_start)
            return next(
                (
                    line
                    for line in log
                    if "E-post skickades inte: courses.tasks.notify_nomination_event" in line and f"[{event.pk}" in line
                ),
                None,
            )

    line = _wait_for(gave_up)
    assert line, f"no failure was logged; see {celery_worker.log_path}"
    assert "gav upp efter 3 försök" in line and "451" in line
    assert server.refused == 3 and server.accepted == []
    # Nothing was recorded as sent, so the booking mail can still go out (a later run sends it).
    assert not SentNotification.objects.filter(kind="nomination_event", key=str(event.pk)).exists()
    assert NominationEvent.objects.filter(pk=event.pk).exists()
