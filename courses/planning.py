"""The planner's date arithmetic, pure: which months get a round, on which days, covering which modules.

Sessions are kept as a local date plus local wall-clock times (Europe/Stockholm), never as UTC
instants, so a round that spans the last Sunday of March or October keeps 09:00 on every day;
`local_datetime` turns them into aware datetimes only where an instant is needed (iCalendar).
"""

import calendar
import datetime
import math
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")
HORIZON_MONTHS = 12
MORNING = (datetime.time(9, 0), datetime.time(12, 0))
AFTERNOON = (datetime.time(13, 0), datetime.time(16, 0))

MONTH_NAMES_SV = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]


def add_months_clamped(day: datetime.date, months: int) -> datetime.date:
    """Return the same day `months` later, clamped to the month's last day (31 Oct + 4 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_ahead(today: datetime.date, count: int = HORIZON_MONTHS) -> list[tuple[int, int]]:
    """Return the `count` (year, month) pairs after today's month."""
    first = add_months_clamped(today.replace(day=1), 1)
    return [(d.year, d.month) for d in (add_months_clamped(first, offset) for offset in range(count))]


def nth_weekday(year: int, month: int, weekday: int, n: int) -> datetime.date:
    """Return the n:th (1-4) given weekday (0 = Monday) of the month."""
    first = datetime.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + datetime.timedelta(days=offset + 7 * (n - 1))


def working_days(first: datetime.date, count: int) -> list[datetime.date]:
    """Return `count` consecutive weekdays starting at `first` (skipping Saturdays and Sundays)."""
    days, day = [], first
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def local_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """Return the aware instant of a local wall-clock time in Stockholm on that day (DST-correct)."""
    return datetime.datetime.combine(day, time, tzinfo=STOCKHOLM)


@dataclass(frozen=True)
class PlannedSession:
    date: datetime.date
    start_time: datetime.time
    end_time: datetime.time
    module_keys: tuple


@dataclass(frozen=True)
class PlannedRound:
    planning_key: str
    title: str
    sessions: tuple[PlannedSession, ...]


def half_day_slots(modules: list[tuple[object, Decimal]]) -> list[set]:
    """Spread modules (key, days) over half-day slots in order; a module of 0 days joins the slot it falls in."""
    total = sum((days for _key, days in modules), Decimal(0))
    slot_count = max(1, math.ceil(total * 2))
    slots: list[set] = [set() for _ in range(slot_count)]
    start = Decimal(0)
    for key, days in modules:
        end = start + days
        if days == 0:
            slots[min(int(start * 2), slot_count - 1)].add(key)
        else:
            for index in range(slot_count):
                if start < Decimal(index + 1) / 2 and end > Decimal(index) / 2:
                    slots[index].add(key)
        start = end
    return slots


def sessions_on_days(slots: list[set], days: list[datetime.date]) -> tuple[PlannedSession, ...]:
    """Put two half-day slots on each day and make one session per day from its slots."""
    sessions = []
    for index, day in enumerate(days):
        day_slots = slots[index * 2 : index * 2 + 2]
        if not day_slots:
            break
        keys: list = []
        for slot in day_slots:
            keys.extend(sorted(key for key in slot if key not in keys))
        end = AFTERNOON[1] if len(day_slots) == 2 else MORNING[1]
        sessions.append(PlannedSession(day, MORNING[0], end, tuple(keys)))
    return tuple(sessions)


def del1_rounds(
    *,
    today: datetime.date,
    modules: list[tuple[object, Decimal]],
    excluded_months: set[int],
    weekday: int,
    week_of_month: int,
    horizon: int = HORIZON_MONTHS,
) -> list[PlannedRound]:
    """Plan one Del 1 round in each month of the horizon that is not excluded, on consecutive weekdays."""
    slots = half_day_slots(modules)
    day_count = math.ceil(len(slots) / 2)
    rounds = []
    for year, month in months_ahead(today, horizon):
        if month in excluded_months:
            continue
        days = working_days(nth_weekday(year, month, weekday, week_of_month), day_count)
        rounds.append(
            PlannedRound(
                planning_key=f"{year}-{month:02d}",
                title=f"Del 1 {MONTH_NAMES_SV[month - 1]} {year}",
                sessions=sessions_on_days(slots, days),
            )
        )
    return rounds


def del2_rounds(
    *,
    today: datetime.date,
    modules: list[tuple[object, Decimal]],
    start_month: int,
    excluded_months: set[int],
    weekday: int,
    week_of_month: int,
    interval_weeks: int,
    busy_days: frozenset[datetime.date] = frozenset(),
) -> list[PlannedRound]:
    """Plan the Del 2 round that starts in the horizon: one day every `interval_weeks`, not in excluded months.

    Days in `busy_days` (Del 1's) are skipped a week on, so the two courses never share a day.
    """
    slots = half_day_slots(modules)
    day_count = math.ceil(len(slots) / 2)
    rounds = []
    for year, month in months_ahead(today):
        if month != start_month:
            continue
        day = nth_weekday(year, month, weekday, week_of_month)
        days = []
        while len(days) < day_count:
            if day in busy_days:
                day += datetime.timedelta(weeks=1)
                continue
            if day.month not in excluded_months:
                days.append(day)
            day += datetime.timedelta(weeks=max(1, interval_weeks))
        rounds.append(
            PlannedRound(
                planning_key=str(year),
                title=f"Del 2 {year}/{str(year + 1)[-2:]}",
                sessions=sessions_on_days(slots, days),
            )
        )
    return rounds
