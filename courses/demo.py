"""Demo data for the course programme: a city that runs it as the national report intends.

Most hires take Del 1 within four months of their start, a few later (a full round, a summer, a busy unit),
a few have not yet and show as overdue; every past round is held with each participant's outcome settled
(completed, or dropped out with a reason); a Del 2 runs. The past is seeded as history: nobody is mailed
about it (`services.recording_history`). Bookings on coming rounds mail as real ones would.

Runs after districts.demo and the onboarding that installs the programme (intro_program.onboarding);
idempotent: the planner never creates a key twice, and nominations are only made the first time (when
the organisation has none).
"""

import datetime
import random
from collections import defaultdict

from django.db import transaction

from courses import demo_lecturers, demo_supervisor_training, planning, selectors, services
from courses.models import Course, CourseKind, CourseRound, DropOutReason, Nomination, NominationStatus
from districts.models import Organisation, Role, StaffMember

SEED = 20261123
PAST_MONTHS = 14  # as far back as the seeded hires start
NOT_YET_SHARE = 0.05  # hires who have not taken Del 1 at all yet: overdue on the dashboard
LATE_SHARE = 0.08  # hires who take the first round after their deadline (a busy unit)
DROP_OUT_SHARE = 0.05  # participants who leave the round after its first day
MISSED_SHARE = 0.08  # participants who miss one session: half make up for it, half do not complete
DROP_OUT_REASONS = [DropOutReason.LACK_OF_TIME, DropOutReason.LACK_OF_TIME, DropOutReason.CHANGED_JOB]
MISSED_REASONS = [DropOutReason.ILLNESS, DropOutReason.LACK_OF_TIME]
MADE_UP_REASON = "Tog igen det missade tillfället med nästa omgång."


def seed(*, organisation: Organisation, today: datetime.date) -> None:
    """Plan the coming year, hold the past rounds with settled outcomes, and book a share of the new hires."""
    services.rounds_plan(organisation=organisation, today=today)
    if Nomination.objects.filter(course_round__course__organisation=organisation).exists():
        return
    _seed_programme(organisation, today)
    demo_supervisor_training.seed(organisation=organisation, today=today)


def _seed_programme(organisation, today) -> None:
    rng = random.Random(SEED)
    with transaction.atomic():
        hires = list(
            StaffMember.objects.filter(
                organisation=organisation,
                roles__role=Role.SOCIALSEKRETERARE,
                employment_start__gte=planning.add_months_clamped(today, -PAST_MONTHS),
                employment_start__lte=today + datetime.timedelta(days=30),
            )
            .select_related("unit")
            .order_by("employment_start", "pk")
            .distinct()
        )
        with services.recording_history():
            past_del1 = _past_del1_rounds(organisation, today)
            _book_past_del1(past_del1, hires, rng)
            del2 = _running_del2(organisation, today)
            if del2 is not None:
                _run_del2(del2, hires, today, rng)
        _book_future_del1(hires, today, rng)
        demo_lecturers.seed(organisation=organisation, today=today, rng=rng)


def _past_del1_rounds(organisation, today) -> list[CourseRound]:
    """Create the Del 1 rounds of the past months (as the planner would have) and return them, oldest first."""
    course = Course.objects.get(organisation=organisation, kind=CourseKind.DEL1)
    settings = services.planning_settings_for(organisation=organisation)
    start = planning.add_months_clamped(today.replace(day=1), -PAST_MONTHS)
    modules = [(module.pk, module.days) for module in course.modules.all()]
    planned = planning.del1_rounds(
        today=start,
        modules=modules,
        closed=planning.closed_days(first=start),
        excluded_months=set(settings.excluded_months),
        weekday=settings.weekday,
        week_of_month=settings.week_of_month,
        horizon=PAST_MONTHS + 1,
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


def _choose_past_round(hire, rounds, seats, rng) -> CourseRound | None:
    """Return the past round the hire took: the first with a seat before the deadline; a few take a later one."""
    deadline = selectors.del1_deadline(hire.employment_start)
    roll = rng.random()
    if roll < NOT_YET_SHARE:
        return None
    open_to_hire = [
        course_round
        for course_round in rounds
        if course_round.starts_on >= hire.employment_start
        and seats[course_round.pk] > 0
        and not (hire.employment_end and hire.employment_end < course_round.ends_on)
    ]
    in_time = [course_round for course_round in open_to_hire if course_round.ends_on <= deadline]
    late = [course_round for course_round in open_to_hire if course_round.ends_on > deadline]
    if roll < NOT_YET_SHARE + LATE_SHARE and late:
        return late[0]
    return (in_time or late or [None])[0]


def _book_past_del1(rounds, hires, rng) -> None:
    """Seat each earlier hire on a past round, take attendance, settle every outcome, and mark the round held.

    Seats are counted as they are handed out, so nobody waits on a round that is over; after attendance,
    whoever did not attend every session is settled: made up for it (completed with the reason) or
    dropped out with a reason. No one stays booked on a held round.
    """
    seats = {course_round.pk: course_round.capacity for course_round in rounds}
    seated = defaultdict(list)
    for hire in hires:
        course_round = _choose_past_round(hire, rounds, seats, rng)
        if course_round is not None:
            seats[course_round.pk] -= 1
            seated[course_round.pk].append(hire)
            hire._del1_round = course_round
    for course_round in rounds:
        for hire in seated[course_round.pk]:
            services.round_nominate(course_round=course_round, staff=hire, actor=None, today=course_round.starts_on)
        booked = list(course_round.nominations.filter(status=NominationStatus.BOOKED))
        sessions = list(course_round.sessions.filter(cancelled=False))
        present, leaving = set(), []
        for nomination in booked:
            roll = rng.random()
            if roll < DROP_OUT_SHARE:
                present.add((sessions[0].pk, nomination.pk))
                leaving.append(nomination)
                continue
            missed = rng.choice(sessions) if roll < DROP_OUT_SHARE + MISSED_SHARE else None
            present |= {(session.pk, nomination.pk) for session in sessions if session != missed}
        services.attendance_record(course_round=course_round, present=present, actor=None, today=course_round.ends_on)
        for nomination in leaving:
            services.nomination_drop_out(nomination=nomination, reason=rng.choice(DROP_OUT_REASONS), actor=None)
        for nomination in course_round.nominations.filter(status=NominationStatus.BOOKED):
            if rng.random() < 0.5:
                services.nomination_complete_override(nomination=nomination, reason=MADE_UP_REASON, actor=None)
            else:
                services.nomination_drop_out(nomination=nomination, reason=rng.choice(MISSED_REASONS), actor=None)
        # Everyone is settled above; the service checks it and holds the round.
        outcomes = selectors.proposed_outcomes(course_round=course_round, reason=rng.choice(DROP_OUT_REASONS))
        services.round_mark_held(course_round=course_round, actor=None, outcomes=outcomes)


def _book_future_del1(hires, today, rng) -> None:
    """Nominate about two thirds of the recent hires without Del 1 to the proposed round (these mail as usual)."""
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
