"""Every task has a time limit, mail tasks retry, and Redis never hands a running or waiting task on twice."""

import importlib

from django.conf import settings

from districts.mail_tasks import MailTask
from intro_program.celery import app

TASK_MODULES = ("courses.tasks", "checklists.tasks", "surveys.tasks", "districts.tasks")
MAIL_TASKS = {
    "courses.tasks.notify_nomination_event",
    "courses.tasks.notify_session_changed",
    "courses.tasks.notify_sessions_changed",
    "courses.tasks.send_session_reminders",
    "courses.tasks.send_deadline_reminders",
    "checklists.tasks.send_due_reminders",
    "surveys.tasks.send_invitation",
    "surveys.tasks.send_reminder",
    "surveys.tasks.send_non_participation_question",
}


def _our_tasks() -> dict:
    for module in TASK_MODULES:
        importlib.import_module(module)
    return {name: task for name, task in app.tasks.items() if name.startswith(TASK_MODULES)}


def test_every_task_has_a_soft_and_a_hard_time_limit():
    assert 0 < settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    for name, task in _our_tasks().items():
        soft = task.soft_time_limit or app.conf.task_soft_time_limit
        hard = task.time_limit or app.conf.task_time_limit
        assert soft and hard and soft < hard, name


def test_the_tasks_that_send_mail_retry_with_backoff():
    tasks = _our_tasks()
    assert {name for name, task in tasks.items() if isinstance(task, MailTask)} == MAIL_TASKS
    for name in MAIL_TASKS:
        task = tasks[name]
        assert task.max_retries >= 5 and task.retry_backoff and OSError in task.autoretry_for, name


def test_redis_waits_longer_than_the_longest_task_and_the_longest_retry_wait():
    longest_task = max((task.time_limit or app.conf.task_time_limit) for task in _our_tasks().values())
    longest_wait = settings.MAIL_RETRY_BACKOFF_MAX_SECONDS
    assert max(longest_task, longest_wait) < settings.CELERY_VISIBILITY_TIMEOUT
    assert longest_task == settings.LONG_TASK_TIME_LIMIT  # the export, which may take most of an hour


def test_the_redis_broker_gets_the_visibility_timeout():
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = dict(
        os.environ, DJANGO_SETTINGS_MODULE="intro_program.settings", DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/0"
    )
    for name in ("CELERY_VISIBILITY_TIMEOUT", "CELERY_UNACKED_RESTORE_INTERVAL", "CELERY_UNACKED_RESTORE_THROTTLE"):
        env.pop(name, None)
    env.pop("CELERY_BROKER_URL", None)
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CELERY_BROKER_TRANSPORT_OPTIONS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=Path(__file__).resolve().parents[2], env=env, capture_output=True, text=True
    )
    expected = {"visibility_timeout": 7200, "unacked_restore_interval": 10, "unacked_restore_throttle": 10}
    assert result.stdout.strip().splitlines()[-1] == str(expected), result.stderr
