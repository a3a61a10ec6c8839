import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from courses.models import CourseRound, NominationStatus
from districts import clock
from districts.tests.factories import OrganisationFactory, StaffMemberFactory, UnitFactory
from surveys import followup, tasks
from surveys.models import Invitation, Survey, SurveyPurpose
from surveys.tests.factories import default_template, held_del1_round

pytestmark = pytest.mark.django_db


def round_ended(organisation, *, months_ago: int, participants, status=NominationStatus.COMPLETED):
    """Return a held round whose last day was `months_ago` months before today."""
    last_day = clock.today() - relativedelta(months=months_ago)
    course_round = held_del1_round(organisation, participants=participants, day=last_day, status=status)
    CourseRound.objects.filter(pk=course_round.pk).update(starts_on=last_day, ends_on=last_day)
    course_round.refresh_from_db()
    return course_round


@pytest.fixture
def organisation():
    default_template(SurveyPurpose.FOLLOW_UP)
    default_template(SurveyPurpose.INTRODUCTION)
    return OrganisationFactory()


def send_due(capture):
    with capture(execute=True):
        return tasks.send_due_follow_ups()


@pytest.mark.frozen_dates
def test_the_follow_up_goes_six_months_after_the_round_to_those_who_completed_it(
    organisation, django_capture_on_commit_callbacks
):
    unit = UnitFactory(district__organisation=organisation)
    completed = [StaffMemberFactory(unit=unit) for _ in range(2)]
    leaver = StaffMemberFactory(unit=unit, employment_end=clock.today() - datetime.timedelta(days=1))
    course_round = round_ended(organisation, months_ago=6, participants=[*completed, leaver])
    round_ended(organisation, months_ago=6, participants=[StaffMemberFactory(unit=unit)], status="dropped_out")
    round_ended(organisation, months_ago=5, participants=[StaffMemberFactory(unit=unit)])

    assert send_due(django_capture_on_commit_callbacks)["follow_ups"] == 1

    invited = Invitation.objects.filter(purpose=SurveyPurpose.FOLLOW_UP)
    assert sorted(invited.values_list("staff_id", flat=True)) == sorted(staff.pk for staff in completed)
    assert set(invited.values_list("course_round_id", flat=True)) == {course_round.pk}
    assert sorted(message.to[0] for message in mail.outbox) == sorted(staff.work_email for staff in completed)
    assert "Hur använder du det du lärde dig" in mail.outbox[0].subject


def test_running_the_task_twice_sends_each_follow_up_once(organisation, django_capture_on_commit_callbacks):
    round_ended(
        organisation,
        months_ago=6,
        participants=[StaffMemberFactory(unit=UnitFactory(district__organisation=organisation))],
    )
    send_due(django_capture_on_commit_callbacks)
    assert send_due(django_capture_on_commit_callbacks)["follow_ups"] == 0
    assert Invitation.objects.filter(purpose=SurveyPurpose.FOLLOW_UP).count() == 1
    assert len(mail.outbox) == 1


def test_the_coordinators_delay_decides_when_it_goes(organisation, django_capture_on_commit_callbacks):
    unit = UnitFactory(district__organisation=organisation)
    three_months = round_ended(organisation, months_ago=3, participants=[StaffMemberFactory(unit=unit)])
    round_ended(organisation, months_ago=6, participants=[StaffMemberFactory(unit=unit)])
    followup.follow_up_settings_update(
        organisation_id=organisation.pk, actor=None, follow_up_after_months=3, ask_non_participating=True
    )
    send_due(django_capture_on_commit_callbacks)
    assert list(
        Survey.objects.filter(template__purpose=SurveyPurpose.FOLLOW_UP).values_list("course_round", flat=True)
    ) == [three_months.pk]


def test_a_round_long_past_its_follow_up_day_is_not_followed_up_late(organisation, django_capture_on_commit_callbacks):
    round_ended(
        organisation,
        months_ago=9,
        participants=[StaffMemberFactory(unit=UnitFactory(district__organisation=organisation))],
    )
    assert send_due(django_capture_on_commit_callbacks)["follow_ups"] == 0
    assert mail.outbox == []


def test_a_delay_outside_1_to_36_months_is_refused_and_nothing_changes(organisation):
    with pytest.raises(ValidationError) as error:
        followup.follow_up_settings_update(
            organisation_id=organisation.pk, actor=None, follow_up_after_months=0, ask_non_participating=True
        )
    assert "follow_up_after_months" in error.value.error_dict
    assert followup.settings_for(organisation.pk).follow_up_after_months == 6


def test_the_database_holds_one_follow_up_invitation_per_person_and_round(organisation):
    staff = StaffMemberFactory(unit=UnitFactory(district__organisation=organisation))
    course_round = round_ended(organisation, months_ago=6, participants=[staff])
    survey = followup.follow_up_open(course_round=course_round)
    other = Survey.objects.create(
        template=default_template(SurveyPurpose.EVALUATION), course_round=course_round, opened_on=clock.today()
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(survey=other, staff=staff, purpose=SurveyPurpose.FOLLOW_UP, course_round=course_round)
    assert survey.invitations.count() == 1


def test_an_unanswered_follow_up_gets_one_reminder(organisation, django_capture_on_commit_callbacks, frozen_clock):
    import time_machine

    round_ended(
        organisation,
        months_ago=6,
        participants=[StaffMemberFactory(unit=UnitFactory(district__organisation=organisation))],
    )
    send_due(django_capture_on_commit_callbacks)
    with time_machine.travel(datetime.timedelta(days=8)):
        assert tasks.send_due_reminders() == 1
        assert tasks.send_due_reminders() == 0
    assert [message.subject.startswith("Påminnelse") for message in mail.outbox] == [False, True]


# --- the evaluation of the whole introduction -------------------------------------------------------


def hire(organisation, *, started: datetime.date, **fields):
    return StaffMemberFactory(unit=UnitFactory(district__organisation=organisation), employment_start=started, **fields)


@pytest.mark.frozen_dates
def test_the_introduction_evaluation_goes_when_the_second_year_ends(organisation, django_capture_on_commit_callbacks):
    from districts.selectors import new_hire_cutoff

    two_years = new_hire_cutoff(today=clock.today())
    due = hire(organisation, started=two_years)
    hire(organisation, started=two_years + datetime.timedelta(days=1))  # one day to go
    hire(organisation, started=two_years, employment_end=clock.today())  # leaves today

    assert send_due(django_capture_on_commit_callbacks)["introduction_evaluations"] == 1
    invitation = Invitation.objects.get(purpose=SurveyPurpose.INTRODUCTION)
    assert invitation.staff == due and invitation.survey.course_round is None
    assert invitation.survey.opened_on == clock.today().replace(month=1, day=1)
    assert [message.to for message in mail.outbox] == [[due.work_email]]
    assert "introduktion" in mail.outbox[0].subject
    assert send_due(django_capture_on_commit_callbacks)["introduction_evaluations"] == 0


def test_the_database_holds_one_introduction_evaluation_per_person(organisation):
    staff = hire(organisation, started=clock.today() - relativedelta(years=2))
    survey = followup.introduction_evaluation_open(
        organisation_id=organisation.pk, staff_ids=[staff.pk], today=clock.today()
    )
    next_year = Survey.objects.create(
        template=survey.template,
        organisation=organisation,
        opened_on=survey.opened_on.replace(year=survey.opened_on.year + 1),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(survey=next_year, staff=staff, purpose=SurveyPurpose.INTRODUCTION)


def test_the_daily_follow_up_task_is_scheduled_in_beat_once():
    import importlib

    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    migration = importlib.import_module("surveys.migrations.0006_introduction_evaluation_and_follow_up_schedule")
    migration.create_schedule(apps, None)
    migration.create_schedule(apps, None)
    task = PeriodicTask.objects.get(task="surveys.tasks.send_due_follow_ups")
    assert task.enabled and task.crontab.hour == "7"


@pytest.mark.worker
def test_a_real_worker_sends_the_follow_ups_the_beat_task_opens(celery_worker):
    import time

    default_template(SurveyPurpose.FOLLOW_UP)
    organisation = OrganisationFactory()
    unit = UnitFactory(district__organisation=organisation)
    round_ended(organisation, months_ago=6, participants=[StaffMemberFactory(unit=unit) for _ in range(3)])

    sent = Invitation.objects.filter(purpose=SurveyPurpose.FOLLOW_UP, sent_at__isnull=False)

    def wait_for_three_sent():
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and sent.count() < 3:
            time.sleep(0.3)

    tasks.send_due_follow_ups.delay()  # as beat queues it: the worker opens the survey and sends each mail
    wait_for_three_sent()
    assert sent.count() == 3
    tasks.send_due_follow_ups.delay()  # the next day's run (or a redelivery) invites nobody again
    time.sleep(3)
    assert Invitation.objects.filter(purpose=SurveyPurpose.FOLLOW_UP).count() == 3
    assert Survey.objects.filter(template__purpose=SurveyPurpose.FOLLOW_UP).count() == 1
