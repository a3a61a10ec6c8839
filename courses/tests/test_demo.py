import datetime

import pytest

from courses import demo, selectors, services
from courses.models import CourseKind, CourseRound, Nomination, NominationStatus, RoundStatus
from districts import clock
from districts import demo as districts_demo

pytestmark = pytest.mark.django_db


def test_demo_seed_makes_a_lively_programme_and_is_idempotent():
    today = clock.today()  # districts.demo dates its logins from the real today
    organisation = districts_demo.seed_organisation(today=today, staff_count=200).organisation
    services.programme_install_defaults(organisation=organisation)  # onboarding's step, as seed_demo runs it
    demo.seed(organisation=organisation, today=today)
    rounds = CourseRound.objects.filter(course__organisation=organisation)
    counts = (rounds.count(), Nomination.objects.count())
    assert rounds.filter(status=RoundStatus.HELD, course__kind=CourseKind.DEL1).count() >= 5
    assert rounds.filter(course__kind=CourseKind.DEL1, starts_on__gt=today).count() == 9
    assert Nomination.objects.filter(status=NominationStatus.COMPLETED).exists()
    assert Nomination.objects.filter(status=NominationStatus.BOOKED).exists()
    hires = Nomination.objects.filter(course_round__course__kind=CourseKind.DEL2).values_list("staff_id", flat=True)
    assert any(attended for attended, _total in selectors.del2_progress(staff_ids=hires).values())
    demo.seed(organisation=organisation, today=today)
    assert (rounds.count(), Nomination.objects.count()) == counts


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


def test_demo_has_certificates_for_held_rounds_a_key_people_register_and_lecturers_with_days():
    from courses import lecturers
    from courses.models import Certificate, KeyPerson, RoundSession

    today = clock.today()
    organisation = districts_demo.seed_organisation(today=today, staff_count=200).organisation
    services.programme_install_defaults(organisation=organisation)
    demo.seed(organisation=organisation, today=today)
    completed = Nomination.objects.filter(status=NominationStatus.COMPLETED, course_round__status=RoundStatus.HELD)
    assert completed.count() == Certificate.objects.count() > 0
    assert KeyPerson.objects.values("area").distinct().count() == 5
    taught = RoundSession.objects.filter(lecturer_staff__isnull=False, course_round__course__organisation=organisation)
    assert taught.exists()
    lecturer_ids = set(taught.values_list("lecturer_staff", flat=True))
    days = lecturers.taught_days(lecturers=lecturer_ids, year=today.year, today=today)
    per_person = [row.taught + row.planned for row in days.values()]
    assert per_person and max(per_person) < 60  # a handful of days each, not a full-time job
    register, issued = KeyPerson.objects.count(), Certificate.objects.count()
    demo.seed(organisation=organisation, today=today)
    assert (KeyPerson.objects.count(), Certificate.objects.count()) == (register, issued)
