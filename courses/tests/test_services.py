import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from courses import planning, services
from courses.models import (
    Attendance,
    CourseKind,
    CourseRound,
    DialogueGroupMember,
    NominationEventKind,
    NominationStatus,
    RoundStatus,
)
from courses.signals import participation_completed, round_held, session_attended
from courses.tests.factories import CourseRoundFactory, del1_of, del2_of
from districts import clock
from districts.models import Area, Role
from districts.tests.factories import OrganisationFactory, StaffMemberFactory, UnitFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)


def test_a_new_organisation_gets_the_default_programme():
    organisation = OrganisationFactory()
    assert del1_of(organisation).modules.count() == 3
    assert sum(m.days for m in del2_of(organisation).modules.all()) == 12.5
    assert del2_of(organisation).modules.count() == 19


def test_planning_creates_nine_del1_and_one_del2_and_is_idempotent():
    organisation = OrganisationFactory()
    assert services.rounds_plan(organisation=organisation, today=TODAY) == 10
    assert services.rounds_plan(organisation=organisation, today=TODAY) == 0
    rounds = CourseRound.objects.filter(course__organisation=organisation)
    assert rounds.filter(course__kind=CourseKind.DEL1).count() == 9
    assert rounds.filter(course__kind=CourseKind.DEL2).count() == 1
    del1_days = set(rounds.filter(course__kind=CourseKind.DEL1).values_list("sessions__date", flat=True))
    del2_days = set(rounds.filter(course__kind=CourseKind.DEL2).values_list("sessions__date", flat=True))
    assert len(del2_days) == 13 and not del1_days & del2_days  # the two courses never share a day
    december = rounds.get(planning_key="2026-12")
    assert december.status == RoundStatus.OPEN and december.capacity == 32
    assert december.sessions.count() == 3 and december.starts_on == datetime.date(2026, 12, 8)


def test_planning_leaves_cancelled_and_moved_rounds_as_the_coordinator_left_them():
    organisation = OrganisationFactory()
    services.rounds_plan(organisation=organisation, today=TODAY)
    january = CourseRound.objects.get(course__organisation=organisation, planning_key="2027-01")
    services.round_cancel(course_round=january, actor=None)
    february = CourseRound.objects.get(course__organisation=organisation, planning_key="2027-02")
    services.round_move(course_round=february, new_start=datetime.date(2027, 2, 22))
    assert services.rounds_plan(organisation=organisation, today=TODAY) == 0
    january.refresh_from_db()
    february.refresh_from_db()
    assert january.status == RoundStatus.CANCELLED
    assert february.starts_on == datetime.date(2027, 2, 22) and february.moved_by_coordinator
    assert CourseRound.objects.filter(course__organisation=organisation, planning_key="2027-01").count() == 1


def test_planning_follows_the_settings():
    organisation = OrganisationFactory()
    services.planning_settings_update(organisation=organisation, excluded_months=[7], capacity=20)
    services.rounds_plan(organisation=organisation, today=TODAY)
    del1_rounds = CourseRound.objects.filter(course__organisation=organisation, course__kind=CourseKind.DEL1)
    assert del1_rounds.count() == 11
    assert set(del1_rounds.values_list("capacity", flat=True)) == {20}


def test_planning_settings_refuse_a_del2_month_without_courses():
    organisation = OrganisationFactory()
    with pytest.raises(ValidationError):
        services.planning_settings_update(organisation=organisation, excluded_months=[9])


def _round(capacity=2, **kwargs):
    organisation = OrganisationFactory()
    return CourseRoundFactory(course=del1_of(organisation), capacity=capacity, **kwargs)


def _person(organisation, unit=None):
    unit = unit or UnitFactory(district__organisation=organisation)
    return StaffMemberFactory(unit=unit)


def test_nominations_book_seats_then_waitlist_and_record_history(django_capture_on_commit_callbacks):
    course_round = _round(capacity=2)
    organisation = course_round.course.organisation
    people = [_person(organisation) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        nominations = [services.round_nominate(course_round=course_round, staff=p, actor=None) for p in people]
    assert [n.status for n in nominations] == ["booked", "booked", "waitlisted"]
    course_round.refresh_from_db()
    assert course_round.status == RoundStatus.FULL
    assert list(nominations[2].events.values_list("kind", flat=True)) == ["nominated", "waitlisted"]
    assert len(mail.outbox) == 3
    assert "Reservplats" in mail.outbox[2].subject


def test_a_person_cannot_be_nominated_twice_to_the_same_round():
    course_round = _round()
    person = _person(course_round.course.organisation)
    services.round_nominate(course_round=course_round, staff=person, actor=None)
    with pytest.raises(ValidationError, match="redan nominerad"):
        services.round_nominate(course_round=course_round, staff=person, actor=None)


def test_nominating_someone_from_another_organisation_is_refused():
    course_round = _round()
    with pytest.raises(ValidationError):
        services.round_nominate(course_round=course_round, staff=StaffMemberFactory(), actor=None)


def test_cancelling_a_booking_promotes_the_first_on_the_waitlist(django_capture_on_commit_callbacks):
    course_round = _round(capacity=1)
    organisation = course_round.course.organisation
    manager_unit = UnitFactory(district__organisation=organisation)
    manager = StaffMemberFactory(unit=manager_unit, roles=[Role.ENHETSCHEF], work_email="chef@example.se")
    first, second, third = _person(organisation), _person(organisation, unit=manager_unit), _person(organisation)
    booked = services.round_nominate(course_round=course_round, staff=first, actor=None)
    services.round_nominate(course_round=course_round, staff=second, actor=None)
    services.round_nominate(course_round=course_round, staff=third, actor=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_cancel(nomination=booked, actor=None)
    statuses = dict(course_round.nominations.values_list("staff_id", "status"))
    assert statuses == {first.pk: "cancelled", second.pk: "booked", third.pk: "waitlisted"}
    # The one cancelled is told (first, in the order things happened), then the one promoted and her manager.
    assert [m.to for m in mail.outbox] == [[first.work_email], sorted([second.work_email, manager.work_email])]
    assert mail.outbox[0].subject.startswith("Avbokad:")
    assert "fått en plats" in mail.outbox[1].subject
    promoted = course_round.nominations.get(staff=second)
    assert promoted.events.filter(kind=NominationEventKind.PROMOTED).exists()


def test_more_seats_promote_from_the_waitlist():
    course_round = _round(capacity=1)
    organisation = course_round.course.organisation
    for _ in range(3):
        services.round_nominate(course_round=course_round, staff=_person(organisation), actor=None)
    services.round_update(
        course_round=course_round, title="Ny", capacity=3, status=RoundStatus.FULL, notes="", actor=None
    )
    course_round.refresh_from_db()
    assert course_round.nominations.filter(status=NominationStatus.BOOKED).count() == 3
    assert course_round.status == RoundStatus.FULL
    with pytest.raises(ValidationError):
        services.round_update(
            course_round=course_round, title="Ny", capacity=2, status=RoundStatus.FULL, notes="", actor=None
        )


def test_attendance_at_every_session_completes_and_sends_the_hooks(django_capture_on_commit_callbacks):
    today = clock.today()
    course_round = _round(capacity=5, session_dates=[today - datetime.timedelta(days=3), today])
    organisation = course_round.course.organisation
    full, partial = (
        services.round_nominate(course_round=course_round, staff=_person(organisation), actor=None) for _ in range(2)
    )
    sessions = list(course_round.sessions.all())
    heard = {"completed": [], "attended": [], "held": []}
    participation_completed.connect(handler_c := lambda nomination, **kw: heard["completed"].append(nomination.pk))
    session_attended.connect(handler_a := lambda attendance, **kw: heard["attended"].append(attendance.pk))
    round_held.connect(handler_h := lambda course_round, **kw: heard["held"].append(course_round.pk))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            completed = services.attendance_record(
                course_round=course_round,
                present={(sessions[0].pk, full.pk), (sessions[1].pk, full.pk), (sessions[0].pk, partial.pk)},
                actor=None,
            )
            services.round_mark_held(course_round=course_round, actor=None)
    finally:
        participation_completed.disconnect(handler_c)
        session_attended.disconnect(handler_a)
        round_held.disconnect(handler_h)
    assert completed == 1
    full.refresh_from_db()
    partial.refresh_from_db()
    assert full.status == NominationStatus.COMPLETED and partial.status == NominationStatus.BOOKED
    assert heard["completed"] == [full.pk] and len(heard["attended"]) == 3 and heard["held"] == [course_round.pk]
    assert Attendance.objects.filter(nomination=partial, present=False).count() == 1
    services.nomination_complete_override(nomination=partial, reason="Sjuk en dag, tog igen", actor=None)
    partial.refresh_from_db()
    assert partial.status == NominationStatus.COMPLETED
    assert partial.completion_override_reason == "Sjuk en dag, tog igen"


def test_drop_out_needs_a_reason_and_text_for_other():
    course_round = _round()
    nomination = services.round_nominate(
        course_round=course_round, staff=_person(course_round.course.organisation), actor=None
    )
    with pytest.raises(ValidationError):
        services.nomination_drop_out(nomination=nomination, reason="other", text=" ", actor=None)
    services.nomination_drop_out(nomination=nomination, reason="lack_of_time", actor=None)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DROPPED_OUT and nomination.drop_out_reason == "lack_of_time"
    assert nomination.events.filter(kind=NominationEventKind.DROPPED_OUT).count() == 1


def test_cancelling_a_round_cancels_its_nominations_and_raises_the_sequence():
    course_round = _round()
    nomination = services.round_nominate(
        course_round=course_round, staff=_person(course_round.course.organisation), actor=None
    )
    services.round_cancel(course_round=course_round, actor=None)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.CANCELLED
    assert course_round.sessions.get().sequence == 1
    with pytest.raises(ValidationError):
        services.round_nominate(course_round=course_round, staff=nomination.staff, actor=None)


def test_round_create_with_two_sessions_and_validation():
    organisation = OrganisationFactory()
    day = datetime.date(2027, 4, 6)
    session = {"date": day, "start_time": datetime.time(9), "end_time": datetime.time(12), "place": "A"}
    course_round = services.round_create(
        course=del1_of(organisation),
        title="Extra Del 1",
        capacity=10,
        sessions=[session, {**session, "date": day + datetime.timedelta(days=1)}],
    )
    assert (course_round.starts_on, course_round.ends_on) == (day, day + datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        services.round_create(
            course=del1_of(organisation),
            title="Fel",
            capacity=10,
            sessions=[{**session, "end_time": datetime.time(8)}],
        )


def test_dialogue_groups_split_mixes_units():
    organisation = OrganisationFactory()
    course_round = CourseRoundFactory(course=del1_of(organisation), capacity=30)
    units = [
        UnitFactory(district__organisation=organisation, area=area)
        for area in (Area.BARN_OCH_UNGA, Area.VUXNA, Area.FORSORJNINGSSTOD)
    ]
    for unit in units:
        for _ in range(4):
            services.round_nominate(course_round=course_round, staff=_person(organisation, unit), actor=None)
    groups = services.dialogue_groups_split(course_round=course_round, group_size=3)
    assert len(groups) == 4
    for group in groups:
        unit_ids = [m.nomination.staff.unit_id for m in group.members.select_related("nomination__staff")]
        assert len(unit_ids) == 3 and len(set(unit_ids)) == 3
    member = DialogueGroupMember.objects.filter(group=groups[0]).first()
    services.dialogue_group_member_move(nomination=member.nomination, group=groups[1])
    assert groups[1].members.count() == 4


def test_completed_and_dropped_out_participants_keep_their_seats_and_holding_a_round_clears_the_waitlist():
    today = clock.today()
    course_round = _round(capacity=2, session_dates=[today])
    organisation = course_round.course.organisation
    first, second, waiting = (
        services.round_nominate(course_round=course_round, staff=_person(organisation), actor=None) for _ in range(3)
    )
    services.nomination_complete_override(nomination=first, reason="Deltog", actor=None)
    services.nomination_drop_out(nomination=second, reason="illness", actor=None)
    services.round_update(
        course_round=course_round, title="T", capacity=2, status=RoundStatus.FULL, notes="", actor=None
    )
    waiting.refresh_from_db()
    assert waiting.status == NominationStatus.WAITLISTED  # no seat was freed
    services.round_mark_held(course_round=course_round, actor=None)
    waiting.refresh_from_db()
    assert waiting.status == NominationStatus.CANCELLED
    assert waiting.events.filter(kind=NominationEventKind.CANCELLED).exists()


def test_nightly_runs_for_three_years_keep_nine_del1_rounds_in_every_twelve_month_window():
    """Run the planner on every day of 2027-2029 (a leap day, six DST changes), as the nightly task does."""
    organisation = OrganisationFactory()
    del1 = CourseRound.objects.filter(course__organisation=organisation, course__kind=CourseKind.DEL1)
    day = datetime.date(2027, 1, 1)
    while day <= datetime.date(2029, 12, 31):
        services.rounds_plan(organisation=organisation, today=day)
        window_start = (
            day.replace(day=1)
            if del1.filter(starts_on__gte=day, starts_on__month=day.month).exists()
            else (planning.add_months_clamped(day.replace(day=1), 1))
        )
        window_end = planning.add_months_clamped(window_start, 12)
        in_window = list(
            del1.filter(starts_on__gte=window_start, starts_on__lt=window_end).values_list("starts_on", flat=True)
        )
        assert len(in_window) == 9, day
        assert not {start.month for start in in_window} & {6, 7, 8}, day
        day += datetime.timedelta(days=1)
    starts = list(del1.values_list("starts_on", flat=True))
    assert len({start.strftime("%Y-%m") for start in starts}) == len(starts) == 9 * 3 + 9
    assert datetime.date(2028, 2, 29) < day


def test_a_planned_round_across_the_spring_dst_change_keeps_local_dates_and_times():
    organisation = OrganisationFactory()
    services.planning_settings_update(organisation=organisation, weekday=4, week_of_month=4)
    # 2028: the fourth Friday of March is the 24th, and Easter (16 April) is well after the round.
    services.rounds_plan(organisation=organisation, today=datetime.date(2028, 2, 10))
    march = CourseRound.objects.get(course__organisation=organisation, planning_key="2028-03")
    sessions = list(march.sessions.order_by("date"))
    assert [s.date for s in sessions] == [
        datetime.date(2028, 3, 24),
        datetime.date(2028, 3, 27),  # the clocks went forward on Sunday the 26th
        datetime.date(2028, 3, 28),
    ]
    assert {s.start_time for s in sessions} == {datetime.time(9)}


def test_a_planned_round_steps_over_good_friday_and_easter_monday():
    organisation = OrganisationFactory()
    services.planning_settings_update(organisation=organisation, weekday=4, week_of_month=4)
    # 2027: the fourth Friday of March is Långfredagen (26 March), and Annandag påsk follows on the 29th.
    services.rounds_plan(organisation=organisation, today=datetime.date(2027, 2, 10))
    march = CourseRound.objects.get(course__organisation=organisation, planning_key="2027-03")
    assert [s.date for s in march.sessions.order_by("date")] == [
        datetime.date(2027, 3, 30),
        datetime.date(2027, 3, 31),
        datetime.date(2027, 4, 1),
    ]


def test_people_who_have_left_or_leave_before_the_round_cannot_be_nominated():
    today = clock.today()
    course_round = _round(session_dates=[today + datetime.timedelta(days=30)])
    organisation = course_round.course.organisation
    left = _person(organisation)
    left.employment_start, left.employment_end = today - datetime.timedelta(days=300), today - datetime.timedelta(1)
    left.save()
    leaving = _person(organisation)
    leaving.employment_start, leaving.employment_end = today - datetime.timedelta(days=300), today
    leaving.save()
    for person in (left, leaving):
        with pytest.raises(ValidationError, match="slutar"):
            services.round_nominate(course_round=course_round, staff=person, actor=None)
    stays = _person(organisation)
    stays.employment_start, stays.employment_end = today, today + datetime.timedelta(days=30)
    stays.save()
    assert services.round_nominate(course_round=course_round, staff=stays, actor=None).status == NominationStatus.BOOKED


def test_attendance_is_recorded_only_for_sessions_that_have_taken_place():
    today = clock.today()
    course_round = _round(capacity=5, session_dates=[today - datetime.timedelta(days=1), today + datetime.timedelta(7)])
    nomination = services.round_nominate(
        course_round=course_round, staff=_person(course_round.course.organisation), actor=None
    )
    held, later = course_round.sessions.order_by("date")
    completed = services.attendance_record(
        course_round=course_round, present={(held.pk, nomination.pk), (later.pk, nomination.pk)}, actor=None
    )
    assert completed == 0  # the later session has not happened, so the round is not completed yet
    assert list(Attendance.objects.values_list("session_id", "present")) == [(held.pk, True)]
    services.attendance_record(course_round=course_round, present=set(), actor=None)
    assert not Attendance.objects.filter(session=later).exists()  # no absence recorded for the future
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.BOOKED
    completed = services.attendance_record(
        course_round=course_round,
        present={(held.pk, nomination.pk), (later.pk, nomination.pk)},
        actor=None,
        today=later.date,
    )
    nomination.refresh_from_db()
    assert completed == 1 and nomination.status == NominationStatus.COMPLETED


def test_lecturers_from_the_staff_are_named_by_email_and_may_stay_after_leaving():
    organisation = OrganisationFactory()
    course = del1_of(organisation)
    lecturer = _person(organisation)
    session = {"date": TODAY, "start_time": datetime.time(9), "end_time": datetime.time(12)}
    with pytest.raises(ValidationError, match="okand@example.se"):
        services.round_create(
            course=course,
            title="Med föreläsare",
            capacity=5,
            sessions=[{**session, "lecturer_emails": ["okand@example.se"]}],
        )
    course_round = services.round_create(
        course=course,
        title="Med föreläsare",
        capacity=5,
        sessions=[{**session, "lecturer_emails": [lecturer.work_email]}],
    )
    made = course_round.sessions.get()
    assert list(made.lecturer_staff.all()) == [lecturer]
    lecturer.employment_start, lecturer.employment_end = datetime.date(2020, 1, 1), datetime.date(2021, 1, 1)
    lecturer.save()
    services.session_save(
        course_round=course_round, session=made, place="Nytt rum", lecturer_emails=[lecturer.work_email], **session
    )  # already the lecturer: kept, although the employment has ended
    assert list(made.lecturer_staff.all()) == [lecturer]
    services.session_save(course_round=course_round, session=made, lecturer_emails=[], **session)
    assert not made.lecturer_staff.exists()
