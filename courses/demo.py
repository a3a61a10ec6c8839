"""Demo data for the course programme: the planned year, past Del 1 rounds with attendance, a running Del 2.

Runs after districts.demo and the onboarding that installs the programme (intro_program.onboarding);
idempotent: the planner never creates a key twice, and nominations are only made the first time (when
the organisation has none).
"""

import datetime
import random

from django.db import transaction

from courses import planning, selectors, services
from courses.models import Course, CourseKind, CourseRound, DropOutReason, Nomination, NominationStatus
from districts.models import Organisation, Role, StaffMember

SEED = 20261123
PAST_MONTHS = 9
DROP_OUT_REASONS = [DropOutReason.LACK_OF_TIME, DropOutReason.LACK_OF_TIME, DropOutReason.CHANGED_JOB]


def seed(*, organisation: Organisation, today: datetime.date) -> None:
    """Plan the coming year, hold the past rounds with attendance, and book a share of the new hires."""
    services.rounds_plan(organisation=organisation, today=today)
    if Nomination.objects.filter(course_round__course__organisation=organisation).exists():
        return
    rng = random.Random(SEED)
    with transaction.atomic():
        past_del1 = _past_del1_rounds(organisation, today)
        del2 = _running_del2(organisation, today)
        hires = list(
            StaffMember.objects.filter(
                organisation=organisation,
                roles__role=Role.SOCIALSEKRETERARE,
                employment_start__gte=planning.add_months_clamped(today, -14),
                employment_start__lte=today + datetime.timedelta(days=30),
            )
            .select_related("unit")
            .order_by("employment_start", "pk")
            .distinct()
        )
        _book_past_del1(past_del1, hires, today, rng)
        _book_future_del1(hires, today, rng)
        if del2 is not None:
            _run_del2(del2, hires, today, rng)


def _past_del1_rounds(organisation, today) -> list[CourseRound]:
    """Create the Del 1 rounds of the past months (as the planner would have) and return them, oldest first."""
    course = Course.objects.get(organisation=organisation, kind=CourseKind.DEL1)
    settings = services.planning_settings_for(organisation=organisation)
    start = planning.add_months_clamped(today.replace(day=1), -(PAST_MONTHS + 1))
    modules = [(module.pk, module.days) for module in course.modules.all()]
    planned = planning.del1_rounds(
        today=start,
        modules=modules,
        closed=planning.closed_days(first=start),
        excluded_months=set(settings.excluded_months),
        weekday=settings.weekday,
        week_of_month=settings.week_of_month,
    )
    keys = []
    for planned_round in planned:
        if planned_round.sessions[-1].date >= today:
            continue
        services.round_create_planned(
            course=course, planned=planned_round, capacity=settings.capacity, place=settings.default_place
        )
        keys.append(planned_round.planning_key)
    return list(CourseRound.objects.filter(course=course, planning_key__in=keys).order_by("starts_on"))


def _running_del2(organisation, today) -> CourseRound | None:
    """Create this year's Del 2 if it has already started (the planner only plans ahead)."""
    course = Course.objects.get(organisation=organisation, kind=CourseKind.DEL2)
    settings = services.planning_settings_for(organisation=organisation)
    modules = [(module.pk, module.days) for module in course.modules.all()]
    del1 = Course.objects.get(organisation=organisation, kind=CourseKind.DEL1)
    busy_days = frozenset(
        session.date
        for planned_round in planning.del1_rounds(
            today=planning.add_months_clamped(today, -12),
            modules=[(module.pk, module.days) for module in del1.modules.all()],
            excluded_months=set(settings.excluded_months),
            weekday=settings.weekday,
            week_of_month=settings.week_of_month,
            closed=planning.closed_days(first=planning.add_months_clamped(today, -12)),
            horizon=24,
        )
        for session in planned_round.sessions
    )
    for planned_round in planning.del2_rounds(
        today=planning.add_months_clamped(today, -12),
        modules=modules,
        start_month=settings.del2_month,
        excluded_months=set(settings.excluded_months),
        weekday=settings.weekday,
        week_of_month=settings.week_of_month,
        interval_weeks=settings.del2_interval_weeks,
        closed=planning.closed_days(first=planning.add_months_clamped(today, -12)),
        busy_days=busy_days,
    ):
        if planned_round.sessions[0].date < today:
            services.round_create_planned(
                course=course, planned=planned_round, capacity=settings.del2_capacity, place=settings.default_place
            )
            return CourseRound.objects.get(course=course, planning_key=planned_round.planning_key)
    return None


def _book_past_del1(rounds, hires, today, rng) -> None:
    """Put each earlier hire on the last past round before their deadline, then take attendance and hold it."""
    for course_round in rounds:
        course_round.refresh_from_db()
        for hire in hires:
            deadline = selectors.del1_deadline(hire.employment_start)
            if not (hire.employment_start <= course_round.starts_on <= deadline):
                continue
            if hire.employment_end and hire.employment_end < course_round.starts_on:
                continue  # had left before the round
            if getattr(hire, "_del1_round", None) is not None or rng.random() < 0.1:
                continue
            services.round_nominate(course_round=course_round, staff=hire, actor=None, today=course_round.starts_on)
            hire._del1_round = course_round
        booked = list(course_round.nominations.filter(status=NominationStatus.BOOKED))
        sessions = list(course_round.sessions.all())
        present = set()
        for nomination in booked:
            roll = rng.random()
            if roll < 0.06:
                services.nomination_drop_out(nomination=nomination, reason=rng.choice(DROP_OUT_REASONS), actor=None)
                present.add((sessions[0].pk, nomination.pk))
                continue
            missed = rng.choice(sessions) if roll < 0.14 else None
            present |= {(session.pk, nomination.pk) for session in sessions if session != missed}
        services.attendance_record(course_round=course_round, present=present, actor=None)
        services.round_mark_held(course_round=course_round, actor=None)


def _book_future_del1(hires, today, rng) -> None:
    """Nominate about two thirds of the recent hires without Del 1 to the proposed round."""
    for hire in hires:
        if getattr(hire, "_del1_round", None) is not None or rng.random() < 0.35:
            continue
        if selectors.del1_deadline(hire.employment_start) < today:
            continue
        if hire.employment_end and hire.employment_end < today:
            continue
        proposal = selectors.proposed_del1_round(staff=hire, today=today)
        if proposal is not None and not proposal.after_deadline:
            services.round_nominate(course_round=proposal.course_round, staff=hire, actor=None)


def _run_del2(course_round, hires, today, rng) -> None:
    """Book the hires of the past year on the running Del 2 and take attendance for its past sessions."""
    participants = [
        hire
        for hire in hires
        if hire.employment_start < today - datetime.timedelta(days=60)
        and not (hire.employment_end and hire.employment_end < max(today, course_round.starts_on))
    ]
    rng.shuffle(participants)  # a mix of units, so that many managers see Del 2 progress
    for hire in participants[: course_round.capacity]:
        services.round_nominate(course_round=course_round, staff=hire, actor=None)
    past_sessions = list(course_round.sessions.filter(date__lt=today))
    booked = list(course_round.nominations.filter(status=NominationStatus.BOOKED))
    present = {(session.pk, nomination.pk) for session in past_sessions for nomination in booked if rng.random() < 0.85}
    if past_sessions:
        services.attendance_record(course_round=course_round, present=present, actor=None)
