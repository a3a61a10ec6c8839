import datetime

import pytest

from checklists import services
from checklists.models import MeetingKind, PlanMeeting
from checklists.tests.factories import plan_for
from districts.models import Role

pytestmark = pytest.mark.django_db

SATURDAY = datetime.date(2026, 3, 7)


def test_a_weekend_day_moves_on_to_the_monday_and_a_weekday_stays():
    assert services.weekday_on_or_after(SATURDAY) == datetime.date(2026, 3, 9)
    assert services.weekday_on_or_after(SATURDAY + datetime.timedelta(days=1)) == datetime.date(2026, 3, 9)
    assert services.weekday_on_or_after(datetime.date(2026, 3, 6)) == datetime.date(2026, 3, 6)


def test_standard_meetings_are_a_year_of_supervision_check_ins_fadder_and_reflection(world):
    plan = plan_for(world.hire, start=SATURDAY)
    meetings = services.standard_meetings(plan=plan)

    by_kind = {kind: [m for m in meetings if m.kind == kind] for kind in MeetingKind.values}
    assert {kind: len(found) for kind, found in by_kind.items()} == {
        MeetingKind.SUPERVISION: 52,
        MeetingKind.MANAGER_CHECK_IN: 4,
        MeetingKind.MENTOR: 4,
        MeetingKind.REFLECTION: 4,
    }
    monday = datetime.date(2026, 3, 9)
    supervision = [m.starts_at for m in by_kind[MeetingKind.SUPERVISION]]
    assert supervision[0].date() == monday and supervision[0].hour == 10
    assert supervision[-1].date() == monday + datetime.timedelta(weeks=51)
    assert [m.starts_at.date() for m in by_kind[MeetingKind.REFLECTION]][:2] == [
        monday + datetime.timedelta(weeks=2),
        monday + datetime.timedelta(weeks=6),
    ]
    # Each check-in falls the given number of days after the start, moved off a weekend.
    for meeting, days in zip(by_kind[MeetingKind.MANAGER_CHECK_IN], services.CHECK_IN_DAYS, strict=True):
        expected = services.weekday_on_or_after(SATURDAY + datetime.timedelta(days=days))
        assert meeting.starts_at.date() == expected and meeting.starts_at.weekday() < 5
    senior, manager = world.people[Role.FORSTE_SOCIALSEKRETERARE], world.people[Role.ENHETSCHEF]
    assert {m.with_whom_id for m in by_kind[MeetingKind.SUPERVISION]} == {senior.pk}
    assert {m.with_whom_id for m in by_kind[MeetingKind.MANAGER_CHECK_IN]} == {manager.pk}
    assert {m.with_whom_id for m in by_kind[MeetingKind.REFLECTION]} == {None}
    assert all(m.pk is None for m in meetings)  # built, not saved


def test_booking_the_standard_meetings_again_books_nothing_twice(world):
    plan = plan_for(world.hire)  # plan_create books them once
    booked = set(PlanMeeting.objects.filter(plan=plan).values_list("kind", "starts_at"))
    assert len(booked) == 64

    services.plan_meetings_generate(plan=plan)

    assert PlanMeeting.objects.filter(plan=plan).count() == 64
    assert set(PlanMeeting.objects.filter(plan=plan).values_list("kind", "starts_at")) == booked
