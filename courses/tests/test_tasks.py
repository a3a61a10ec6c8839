import datetime
import importlib

import pytest
from celery import current_app as app
from django.core import mail

from courses import services
from courses.models import CourseRound, NominationEventKind
from courses.tasks import (
    notify_nomination_event,
    plan_all_organisations,
    plan_organisation,
    send_deadline_reminders,
    send_session_reminders,
)
from courses.tests.factories import CourseRoundFactory, del1_of
from districts import clock
from districts.models import Organisation, Role
from districts.tests.factories import OrganisationFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db


def test_planning_one_organisation_creates_its_rounds_once_and_skips_one_that_is_gone():
    organisation = OrganisationFactory()
    created = plan_organisation.delay(organisation.pk).get()
    assert created == CourseRound.objects.filter(course__organisation=organisation).count() == 10
    assert plan_organisation.delay(organisation.pk).get() == 0
    missing = (Organisation.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    assert plan_organisation.delay(missing).get() == 0


def test_the_nightly_task_plans_every_organisation_and_a_second_run_adds_nothing():
    first, second = OrganisationFactory(), OrganisationFactory()
    assert plan_all_organisations.delay().get() == 20
    assert plan_all_organisations.delay().get() == 0
    for organisation in (first, second):
        assert CourseRound.objects.filter(course__organisation=organisation).count() == 10


def test_a_nomination_event_is_mailed_once_however_often_the_task_runs(world):
    course_round = CourseRoundFactory(course=del1_of(world.organisation), title="Del 1 april 2027")
    nomination = services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    event = nomination.events.get(kind=NominationEventKind.BOOKED)
    mail.outbox.clear()
    assert notify_nomination_event.delay(event.pk).get() is True
    assert notify_nomination_event.delay(event.pk).get() is False
    # One notice: the nominee's copy (with the invitation) and their enhetschef's.
    assert [message.subject for message in mail.outbox] == ["Plats bokad: Del 1 april 2027"] * 2


def test_the_daily_session_reminder_uses_todays_date_and_sends_once(world):
    services.planning_settings_update(organisation=world.organisation, actor=None, reminder_days_before=3)
    session_day = clock.today() + datetime.timedelta(days=3)
    course_round = CourseRoundFactory(course=del1_of(world.organisation), session_dates=[session_day])
    services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    mail.outbox.clear()
    assert send_session_reminders.delay().get() == 1
    assert send_session_reminders.delay().get() == 0
    assert mail.outbox[0].to == [world.hire.work_email]


def test_the_weekly_deadline_reminder_uses_todays_date_and_sends_once_a_week(world):
    # Started four months less three weeks ago: the Del 1 deadline is three weeks away and nothing is booked.
    start = clock.today() - datetime.timedelta(days=120 - 21)
    StaffMemberFactory(unit=world.own_unit, employment_start=start, roles=[Role.SOCIALSEKRETERARE])
    mail.outbox.clear()
    assert send_deadline_reminders.delay().get() == 1
    assert send_deadline_reminders.delay().get() == 0
    assert mail.outbox[0].to == [world.people[Role.ENHETSCHEF].work_email]


def test_every_scheduled_course_job_is_a_registered_task():
    migration = importlib.import_module("courses.migrations.0002_default_programme_and_schedules")
    scheduled = {task for task, _crontab in migration.SCHEDULES.values()}
    assert scheduled == {
        "courses.tasks.plan_all_organisations",
        "courses.tasks.send_session_reminders",
        "courses.tasks.send_deadline_reminders",
    }
    assert scheduled <= set(app.tasks)
