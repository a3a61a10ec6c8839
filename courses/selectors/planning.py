"""Reads for planning: closure days, planned sessions that fall on a closed day, the Del 1 seat forecast."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from courses import planning
from courses.deadlines import del1_deadline
from courses.models import ENROLLED_STATUSES, ClosureDay, CourseKind, RoundSession, RoundStatus
from courses.seat_forecast import ForecastHire, ForecastRound, SeatForecast, seat_forecast
from courses.selectors.hires import del1_waiting_queryset
from courses.selectors.rounds import visible_rounds
from districts import clock
from districts.models import Organisation


def closure_days_of(*, organisation: Organisation, today: datetime.date | None = None) -> QuerySet[ClosureDay]:
    """Return the organisation's closure days from today on, the nearest first."""
    today = today or clock.today()
    return ClosureDay.objects.filter(organisation=organisation, date__gte=today).order_by("date")


@dataclass(frozen=True)
class SessionClash:
    session: RoundSession
    reason: str  # the closure day's reason, or the holiday's name


def closure_clashes(*, user, today: datetime.date | None = None) -> list[SessionClash]:
    """Return the coming sessions of rounds the user coordinates that fall on a closure day or a public holiday.

    The planner never plans such a day, but a closure day added later (or a session moved by hand) can hit
    a round already in the calendar: it is shown here instead of moved silently.
    """
    today = today or clock.today()
    rounds = visible_rounds(user=user).exclude(status__in=[RoundStatus.CANCELLED, RoundStatus.HELD])
    sessions = list(
        RoundSession.objects.filter(course_round__in=rounds, cancelled=False, date__gte=today)
        .select_related("course_round__course")
        .order_by("date", "start_time", "pk")
    )
    if not sessions:
        return []
    closures = {
        (row.organisation_id, row.date): row.reason
        for row in ClosureDay.objects.filter(
            organisation_id__in={session.course_round.course.organisation_id for session in sessions},
            date__gte=today,
            date__lte=sessions[-1].date,
        )
    }
    holidays = planning.public_holiday_names(range(today.year, sessions[-1].date.year + 1))
    clashes = []
    for session in sessions:
        key = (session.course_round.course.organisation_id, session.date)
        if key in closures:
            clashes.append(SessionClash(session, closures[key]))
        elif session.date in holidays:
            clashes.append(SessionClash(session, holidays[session.date]))
    return clashes


def del1_seat_forecast(*, user, today: datetime.date | None = None) -> SeatForecast:
    """Return the seat forecast of the coming Del 1 rounds for the hires the user may nominate (two queries)."""
    today = today or clock.today()
    rounds = (
        visible_rounds(user=user)
        .filter(
            course__kind=CourseKind.DEL1,
            status__in=[RoundStatus.OPEN, RoundStatus.FULL],
            starts_on__gte=today,
        )
        .annotate(booked=Count("nominations", filter=Q(nominations__status__in=ENROLLED_STATUSES)))
        .order_by("starts_on", "pk")
        .values_list("pk", "title", "starts_on", "ends_on", "capacity", "booked")
    )
    forecast_rounds = [
        ForecastRound(pk, title, starts_on, ends_on or starts_on, capacity, max(0, capacity - booked))
        for pk, title, starts_on, ends_on, capacity, booked in rounds
    ]
    hires = [
        ForecastHire(pk, del1_deadline(start), start, end)
        for pk, start, end in del1_waiting_queryset(user=user, today=today).values_list(
            "pk", "employment_start", "employment_end"
        )
    ]
    planned_until = max((r.ends_on for r in forecast_rounds), default=today)
    return seat_forecast(rounds=forecast_rounds, hires=hires, today=today, planned_until=planned_until)
