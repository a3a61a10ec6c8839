"""The standard meetings a new plan books: weekly supervision the first year, check-ins, fadder and reflection.

`standard_meetings` is the one rule for which meetings those are; `plan_meetings_generate` books them for one
plan, and the benchmark's seeding bulk-creates them for thousands.
"""

import datetime

from django.utils import timezone

from checklists.models import IntroductionPlan, MeetingKind, PlanMeeting

# Months after the start of the manager's check-ins (about 1, 4, 6 and 12 months).
CHECK_IN_DAYS = (30, 121, 182, 365)


def weekday_on_or_after(day: datetime.date) -> datetime.date:
    """Return the day itself, or the Monday after when it falls on a weekend."""
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def standard_meetings(*, plan: IntroductionPlan) -> list[PlanMeeting]:
    """Return the plan's standard meetings, unsaved, with the plan's responsible people (by id)."""
    start = weekday_on_or_after(plan.start_date)
    week = datetime.timedelta(weeks=1)
    meetings = [
        PlanMeeting(
            plan=plan,
            kind=MeetingKind.SUPERVISION,
            starts_at=_at(start + n * week, 10),
            with_whom_id=plan.supervisor_id,
        )
        for n in range(52)
    ]
    meetings += [
        PlanMeeting(
            plan=plan,
            kind=MeetingKind.MANAGER_CHECK_IN,
            starts_at=_at(weekday_on_or_after(plan.start_date + datetime.timedelta(days=days)), 13),
            with_whom_id=plan.manager_id,
        )
        for days in CHECK_IN_DAYS
    ]
    meetings += [
        PlanMeeting(
            plan=plan, kind=MeetingKind.MENTOR, starts_at=_at(start + n * week, 14), with_whom_id=plan.mentor_id
        )
        for n in range(4)
    ]
    meetings += [
        PlanMeeting(plan=plan, kind=MeetingKind.REFLECTION, starts_at=_at(start + (2 + 4 * n) * week, 15))
        for n in range(4)
    ]
    return meetings


def plan_meetings_generate(*, plan: IntroductionPlan) -> int:
    """Book the plan's standard meetings; one that is already booked at the same time is left as it is."""
    created = PlanMeeting.objects.bulk_create(standard_meetings(plan=plan), ignore_conflicts=True)
    return len(created)
