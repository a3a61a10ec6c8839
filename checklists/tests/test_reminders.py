import datetime

import pytest
from django.core import mail

from checklists import reminders, services
from checklists.tests.factories import plan_for
from districts.models import Role

pytestmark = pytest.mark.django_db


def test_one_email_per_person_with_due_and_overdue_items(world):
    today = datetime.date(2026, 3, 10)
    plan_for(world.hire, start=today - datetime.timedelta(days=3))  # first-week items are due now

    sent = reminders.reminders_send(today=today)

    recipients = sorted(message.to[0] for message in mail.outbox)
    assert len(recipients) == len(set(recipients)) == sent
    manager_mail = next(m for m in mail.outbox if m.to == [world.people[Role.ENHETSCHEF].work_email])
    assert "Välkomstsamtal med enhetschefen" in manager_mail.body  # overdue
    assert "Avstämningstider med enhetschefen bokade" in manager_mail.body  # due within the week
    assert "Försenade" in manager_mail.body
    assert "Del 1 genomförd" not in manager_mail.body  # months away, and the hire's item
    assert world.hire.work_email in recipients
    assert world.people[Role.HR].work_email in recipients  # the HR item before day one


def test_a_second_run_the_same_day_sends_nothing_and_done_items_are_left_out(world):
    today = datetime.date(2026, 3, 10)
    plan = plan_for(world.hire, start=today - datetime.timedelta(days=3))
    for item in plan.items.filter(responsible_role="nyanstalld"):
        services.plan_item_tick(
            item_id=item.pk, actor=world.user(Role.SOCIALSEKRETERARE), done=True, expected_version=1
        )
    first = reminders.reminders_send(today=today)
    assert reminders.reminders_send(today=today) == 0
    assert len(mail.outbox) == first
    assert world.hire.work_email not in [m.to[0] for m in mail.outbox]
    reminders.reminders_send(today=today + datetime.timedelta(days=1))
    assert len(mail.outbox) > first


def test_the_reminder_and_cleanup_jobs_are_scheduled():
    import importlib

    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    # Other tests' flushes empty the table the migration filled; run the migration's function again (idempotent).
    migration = importlib.import_module("checklists.migrations.0003_periodic_tasks")
    migration.schedule(apps, None)
    migration.schedule(apps, None)
    leavers = importlib.import_module("checklists.migrations.0009_leavers_closed_plans_and_booking_ticks")
    leavers.schedule(apps, None)
    leavers.schedule(apps, None)

    scheduled = dict(PeriodicTask.objects.filter(task__startswith="checklists.").values_list("task", "crontab__hour"))
    assert scheduled == {
        "checklists.tasks.send_due_reminders": "6",
        "checklists.tasks.remove_expired_exports": "*",
        # the leavers' plans are closed at 00:30, before the reminders go out
        "checklists.tasks.process_departures_due": "0",
    }
