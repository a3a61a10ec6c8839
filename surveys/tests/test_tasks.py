import importlib

import pytest
from django.core import mail
from django_celery_beat.models import PeriodicTask

from districts.tests.factories import OrganisationFactory
from surveys.tasks import send_invitation, send_reminder
from surveys.tests.factories import opened_survey

pytestmark = pytest.mark.django_db


def test_sending_an_invitation_twice_mails_once():
    invitation = opened_survey(OrganisationFactory(), people=1).invitations.get()
    assert send_invitation(invitation.pk) is True
    assert send_invitation(invitation.pk) is False
    assert len(mail.outbox) == 1
    assert invitation.token in mail.outbox[0].body


def test_a_reminder_needs_a_sent_unanswered_invitation_and_goes_once():
    invitation = opened_survey(OrganisationFactory(), people=1).invitations.get()
    assert send_reminder(invitation.pk) is False  # not sent yet
    send_invitation(invitation.pk)
    assert send_reminder(invitation.pk) is True
    assert send_reminder(invitation.pk) is False
    assert len(mail.outbox) == 2


def test_a_vanished_invitation_is_skipped():
    assert send_invitation(987654) is False


def test_the_daily_reminder_is_scheduled_in_beat_once():
    from django.apps import apps

    migration = importlib.import_module("surveys.migrations.0002_default_surveys_and_reminder_schedule")
    # Run it again (a flushing test may have emptied the table): it must not add a second schedule.
    migration.create_schedule(apps, None)
    migration.create_schedule(apps, None)
    task = PeriodicTask.objects.get(task="surveys.tasks.send_due_reminders")
    assert task.enabled and task.crontab.hour == "8"


@pytest.mark.worker
def test_a_real_worker_sends_the_invitations_queued_on_commit(celery_worker):
    import time

    from django.db import transaction

    from districts.tests.factories import StaffMemberFactory, UnitFactory
    from surveys import services
    from surveys.models import Invitation
    from surveys.tests.factories import default_evaluation, held_del1_round

    organisation = OrganisationFactory()
    unit = UnitFactory(district__organisation=organisation)
    course_round = held_del1_round(organisation, participants=[StaffMemberFactory(unit=unit) for _ in range(3)])
    with transaction.atomic():
        services.survey_open(course_round=course_round, template=default_evaluation())
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and Invitation.objects.filter(sent_at__isnull=True).exists():
        time.sleep(0.3)
    assert Invitation.objects.filter(survey__course_round=course_round, sent_at__isnull=False).count() == 3
