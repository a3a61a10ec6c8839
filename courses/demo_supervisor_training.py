"""Demo data for the supervisors' training: a held round of "Att introducera och handleda" and a coming one.

About three in five supervisors of current hires took the held round half a year ago (a few dropped out), and
some are booked on the next, so the dashboards and the report show a believable mix. Called from
`courses.demo.seed`; idempotent: nothing is made when the course has a round already.
"""

import datetime
import random

from courses import planning, selectors, services
from courses.models import Course, CourseKind, DropOutReason, NominationStatus
from districts import selectors as district_selectors
from districts.models import Organisation, StaffMember

SEED = 20261201
TOOK_IT_SHARE = 0.6
BOOKED_SHARE = 0.5  # of the others, booked on the coming round
DROP_OUT_SHARE = 0.08


def _working_days(start: datetime.date, count: int) -> list[datetime.date]:
    closed = planning.closed_days(first=start)
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5 and day not in closed:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def _sessions(days: list[datetime.date], place: str) -> list[dict]:
    return [
        {"date": day, "start_time": datetime.time(9), "end_time": datetime.time(16), "place": place} for day in days
    ]


def seed(*, organisation: Organisation, today: datetime.date) -> None:
    """Hold one round of the training in the past and open the next, with the supervisors of current hires."""
    course = Course.objects.filter(organisation=organisation, kind=CourseKind.FORSTE_TRAINING).first()
    if course is None or course.rounds.exists():
        return
    hires = district_selectors.current_hires(
        queryset=StaffMember.objects.filter(organisation=organisation), today=today
    )
    supervisors = list(StaffMember.objects.filter(pk__in=hires.values("supervisor_id")).order_by("pk"))
    if not supervisors:
        return
    rng = random.Random(SEED)
    rng.shuffle(supervisors)
    took = supervisors[: round(len(supervisors) * TOOK_IT_SHARE)]
    rest = supervisors[len(took) :]
    place = "Stadshuset, sal 3"
    with services.recording_history():
        past = services.round_create(
            actor=None,
            course=course,
            title=f"{course.name}, våren",
            capacity=max(len(took), 20),
            sessions=_sessions(_working_days(planning.add_months_clamped(today, -6), 3), place),
        )
        for person in took:
            services.round_nominate(course_round=past, staff=person, actor=None, today=past.starts_on)
        booked = list(past.nominations.filter(status=NominationStatus.BOOKED))
        leaving = [nomination for nomination in booked if rng.random() < DROP_OUT_SHARE]
        sessions = list(past.sessions.all())
        present = {(session.pk, nomination.pk) for session in sessions for nomination in booked}
        present -= {(session.pk, nomination.pk) for session in sessions[1:] for nomination in leaving}
        services.attendance_record(course_round=past, present=present, actor=None, today=past.ends_on)
        for nomination in leaving:
            services.nomination_drop_out(nomination=nomination, reason=DropOutReason.LACK_OF_TIME, actor=None)
        outcomes = selectors.proposed_outcomes(course_round=past, reason=DropOutReason.LACK_OF_TIME)
        services.round_mark_held(course_round=past, actor=None, outcomes=outcomes)
    coming = services.round_create(
        actor=None,
        course=course,
        title=f"{course.name}, nästa omgång",
        capacity=20,
        sessions=_sessions(_working_days(planning.add_months_clamped(today, 2), 3), place),
    )
    for person in rest:
        if rng.random() < BOOKED_SHARE:
            services.round_nominate(course_round=coming, staff=person, actor=None)
