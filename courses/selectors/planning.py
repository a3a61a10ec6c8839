"""Reads for planning: closure days, planned sessions that fall on a closed day, the Del 1 seat forecast."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from courses import planning
from courses.deadlines import del1_deadline
from courses.models import ENROLLED_STATUSES, ClosureDay, CourseKind, CourseRound, RoundSession, RoundStatus
from courses.seat_forecast import ForecastHire, ForecastRound, SeatForecast, seat_forecast
from courses.selectors.hires import del1_waiting_to_count
from courses.selectors.rounds import ROUND_WITH_FILL, round_from_row, visible_rounds
from districts import access, clock
from districts.compiled import CompiledRead
from districts.models import Organisation


def closure_days_of(*, organisation: Organisation, today: datetime.date | None = None) -> QuerySet[ClosureDay]:
    """Return the organisation's closure days from today on, the nearest first."""
    today = today or clock.today()
    return ClosureDay.objects.filter(organisation=organisation, date__gte=today).order_by("date")


@dataclass(frozen=True)
class SessionClash:
    session: RoundSession
    reason: str  # the closure day's reason, or the holiday's name


CLASH_HOLIDAY_YEARS = 3  # the years from today's whose holidays the clash query matches; later sessions: in Python


def closure_clashes(*, user, today: datetime.date | None = None) -> list[SessionClash]:
    """Return the coming sessions of rounds the user coordinates that fall on a closure day or a public holiday.

    The planner never plans such a day, but a closure day added later (or a session moved by hand) can hit
    a round already in the calendar: it is shown here instead of moved silently.

    Only the clashing sessions are read: those on a closure day, on a holiday of the next CLASH_HOLIDAY_YEARS
    years, or later than that (rare; their holidays are looked up here). Reading every coming session to keep the
    few that clash built ~260 sessions with their round and course on the national seed for none shown. A session
    is read with its round's title only (the other fields deferred).
    """
    today = today or clock.today()
    sessions = [_clash_session(row) for row in _clashing_sessions.rows(user=user, today=today)]
    last_year = today.year + CLASH_HOLIDAY_YEARS - 1
    holidays = planning.public_holiday_names(range(today.year, last_year + 1))
    if sessions and sessions[-1].date > datetime.date(last_year, 12, 31):
        holidays |= planning.public_holiday_names(range(last_year + 1, sessions[-1].date.year + 1))
    clashes = []
    for session in sessions:
        if session.closure_reason is not None:
            clashes.append(SessionClash(session, session.closure_reason))
        elif session.date in holidays:
            clashes.append(SessionClash(session, holidays[session.date]))
    return clashes


def _clashing_sessions_of(*, user, today: datetime.date) -> QuerySet[RoundSession]:
    # The sessions of the user's organisation, not those of `visible_rounds`: as a subquery its fill grouped every
    # coming round's nominations for nothing the clashes use.
    sessions = access.restrict_by_organisation(user, RoundSession.objects.all(), "course_round__course__organisation")
    # The closure day of the session's organisation on its date, read with the session (one query).
    closure = ClosureDay.objects.filter(
        organisation_id=OuterRef("course_round__course__organisation_id"), date=OuterRef("date")
    ).values("reason")[:1]
    last_year = today.year + CLASH_HOLIDAY_YEARS - 1
    holidays = planning.public_holiday_names(range(today.year, last_year + 1))
    beyond = datetime.date(last_year, 12, 31)
    return (
        sessions.exclude(course_round__status__in=[RoundStatus.CANCELLED, RoundStatus.HELD])
        .filter(cancelled=False, date__gte=today)
        .annotate(closure_reason=Subquery(closure))
        .filter(Q(closure_reason__isnull=False) | Q(date__in=sorted(holidays)) | Q(date__gt=beyond))
        .order_by("date", "start_time", "pk")
        .values("pk", "date", "closure_reason", "course_round_id", "course_round__title")
    )


# Its SQL built once per reader and day (districts.compiled): ~2 ms of the ORM's for a query that finds none.
_clashing_sessions = CompiledRead(_clashing_sessions_of)


def _clash_session(row: dict) -> RoundSession:
    using = RoundSession.objects.db
    session = RoundSession.from_db(
        using, ["id", "course_round_id", "date"], [row["pk"], row["course_round_id"], row["date"]]
    )
    title = row["course_round__title"]
    session.course_round = CourseRound.from_db(using, ["id", "title"], [row["course_round_id"], title])
    session.closure_reason = row["closure_reason"]
    return session


def coming_del1_rounds(*, user, today: datetime.date | None = None) -> list[CourseRound]:
    """Return the open or full Del 1 rounds the user sees that have not started, with their bookings, by start.

    The seat forecast and the proposals of the Del 1 panel read the same rounds: the dashboard reads them once.
    """
    today = today or clock.today()
    return [round_from_row(row, "booked") for row in _coming_del1_rounds.rows(user=user, today=today)]


def _coming_del1_rounds_of(*, user, today: datetime.date) -> QuerySet[CourseRound]:
    return (
        visible_rounds(user=user)
        .filter(course__kind=CourseKind.DEL1, status__in=[RoundStatus.OPEN, RoundStatus.FULL], starts_on__gte=today)
        .annotate(booked=Count("nominations", filter=Q(nominations__status__in=ENROLLED_STATUSES)))
        .order_by("starts_on", "pk")
        .values(*ROUND_WITH_FILL, "booked")
    )


# Its SQL built once per reader and day (districts.compiled).
_coming_del1_rounds = CompiledRead(_coming_del1_rounds_of)


def _waiting_groups_of(*, user, today: datetime.date) -> QuerySet:
    return (
        del1_waiting_to_count(user=user, today=today)
        .values("employment_start", "employment_end")
        .annotate(hires=Count("pk"))
        .order_by()
    )


# Its SQL built once per reader and day (districts.compiled): the ORM's building and compiling of it cost about as
# much as PostgreSQL's run.
_waiting_groups = CompiledRead(_waiting_groups_of)


def del1_seat_forecast(
    *, user, today: datetime.date | None = None, rounds: list[CourseRound] | None = None
) -> SeatForecast:
    """Return the seat forecast of the coming Del 1 rounds for the hires the user may nominate (two queries).

    `rounds` are those of `coming_del1_rounds`, when read already. The waiting hires are read grouped by
    their employment dates (the forecast treats hires with the same dates alike): a row per start and end
    date, however many hires wait.
    """
    today = today or clock.today()
    rounds = coming_del1_rounds(user=user, today=today) if rounds is None else rounds
    forecast_rounds = [
        ForecastRound(r.pk, r.title, r.starts_on, r.ends_on or r.starts_on, r.capacity, max(0, r.capacity - r.booked))
        for r in rounds
    ]
    hires = [
        ForecastHire(
            index,
            del1_deadline(group["employment_start"]),
            group["employment_start"],
            group["employment_end"],
            group["hires"],
        )
        for index, group in enumerate(_waiting_groups.rows(user=user, today=today))
    ]
    planned_until = max((r.ends_on for r in forecast_rounds), default=today)
    return seat_forecast(rounds=forecast_rounds, hires=hires, today=today, planned_until=planned_until)
