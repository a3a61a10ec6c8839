"""The demo on each of the frozen dates: held rounds settled, most hires in time, no mail about the past.

Apart from test_demo.py, whose tests share one seeded demo on the default date: this test seeds its own on
each date (its e-mails are those queued by its own seeding).
"""

import datetime

import pytest

from courses import demo, selectors, services
from courses.models import CourseKind, CourseRound, Nomination, NominationStatus, RoundStatus
from districts import clock
from districts import demo as districts_demo

pytestmark = [pytest.mark.django_db, pytest.mark.long_running(100)]  # seeds the demo: first under -n


@pytest.mark.frozen_dates
def test_demo_tells_a_true_story_held_rounds_settled_most_in_time_and_no_mail_about_the_past(
    django_capture_on_commit_callbacks, monkeypatch
):
    """After seeding: no one booked or waiting on a held round, most hires did Del 1 within four months, a few
    late, and every e-mail queued is about a round still to come."""
    from courses import tasks
    from courses.models import NominationEvent
    from districts.models import StaffMember

    queued = []
    monkeypatch.setattr(tasks.notify_nomination_event, "delay", lambda event_id, *args: queued.append(event_id))
    today = clock.today()
    organisation = districts_demo.seed_organisation(today=today, staff_count=400).organisation
    services.programme_install_defaults(organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(organisation=organisation, today=today)

    held = CourseRound.objects.filter(course__organisation=organisation, status=RoundStatus.HELD)
    assert held.filter(course__kind=CourseKind.DEL1).count() >= 8
    on_held = Nomination.objects.filter(course_round__in=held)
    assert on_held.exists()
    assert not on_held.filter(status__in=[NominationStatus.BOOKED, NominationStatus.WAITLISTED]).exists()
    assert not on_held.filter(status=NominationStatus.DROPPED_OUT, drop_out_reason="").exists()
    assert on_held.filter(status=NominationStatus.DROPPED_OUT).exists()
    assert (
        not CourseRound.objects.filter(course__organisation=organisation, ends_on__lt=today)
        .exclude(status=RoundStatus.HELD)
        .filter(course__kind=CourseKind.DEL1)
        .exists()
    )

    # Hires whose Del 1 deadline has passed, employed until it: most completed Del 1 on a round ending by it.
    cohort = [
        hire
        for hire in StaffMember.objects.filter(
            organisation=organisation,
            roles__role="socialsekreterare",
            employment_start__gte=today - datetime.timedelta(days=365),
        ).distinct()
        if selectors.del1_deadline(hire.employment_start) < today
        and not (hire.employment_end and hire.employment_end < selectors.del1_deadline(hire.employment_start))
    ]
    completed = {
        nomination.staff_id: nomination.course_round.ends_on
        for nomination in Nomination.objects.filter(
            staff__in=cohort, status=NominationStatus.COMPLETED, course_round__course__kind=CourseKind.DEL1
        ).select_related("course_round")
    }
    in_time = [
        h for h in cohort if h.pk in completed and completed[h.pk] <= selectors.del1_deadline(h.employment_start)
    ]
    late = [h for h in cohort if h.pk in completed and completed[h.pk] > selectors.del1_deadline(h.employment_start)]
    assert len(cohort) >= 30
    assert len(in_time) / len(cohort) > 0.5
    assert 0 < len(late) < len(in_time) / 3  # a few are late
    assert selectors.hires_without_del1_booking_among(
        staff_queryset=StaffMember.objects.filter(organisation=organisation), today=today
    ), "a few still wait for Del 1 and show as overdue"

    # E-mails: none queued about a round that is over (or running since before the seed), some about coming ones.
    events = NominationEvent.objects.filter(pk__in=queued).select_related("nomination__course_round")
    assert len(queued) == events.count() > 0
    assert all(event.nomination.course_round.starts_on >= today for event in events)
    # The next run is the same (idempotent) and queues nothing.
    queued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(organisation=organisation, today=today)
    assert queued == []
