"""The planner's date arithmetic, pure: which months get a round, on which days, covering which modules.

The window is the rule "the next twelve months": twelve consecutive calendar months starting with
the current month when its round still starts at least `lead_days` ahead, else with the next month.
Twelve consecutive months hold every calendar month once, so the window always holds
12 - len(excluded_months) Del 1 rounds (nine with the summer off), whatever the day.
Sessions fall on working days only: not weekends, Swedish public holidays, the eves the city treats
as holidays (midsommarafton, julafton, nyårsafton), nor the organisation's own closure days.

Sessions are kept as a local date plus local wall-clock times (Europe/Stockholm), never as UTC
instants, so a round that spans the last Sunday of March or October keeps 09:00 on every day;
`local_datetime` turns them into aware datetimes only where an instant is needed (iCalendar).
"""

import calendar
import datetime
import functools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import holidays

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


def months_from(first: datetime.date, count: int = HORIZON_MONTHS) -> list[tuple[int, int]]:
    """Return the `count` (year, month) pairs starting with the month of `first`."""
    first = first.replace(day=1)
    return [(d.year, d.month) for d in (add_months_clamped(first, offset) for offset in range(count))]


def public_holiday_names(years: Iterable[int]) -> dict[datetime.date, str]:
    """Return Sweden's public holidays and the eves treated as holidays, each with its Swedish name."""
    return dict(_holidays_of(tuple(years)))  # a new dict: callers may add to it


# The calendar follows from the years alone: computing three years of it was ~0.25 ms of each coordinator's
# dashboard (the clash check), every request.
@functools.lru_cache(maxsize=32)
def _holidays_of(years: tuple[int, ...]) -> tuple[tuple[datetime.date, str], ...]:
    found = holidays.Sweden(years=list(years), include_sundays=False, categories=("public", "de_facto"), language="sv")
    return tuple(found.items())


def public_holidays(years: Iterable[int]) -> frozenset[datetime.date]:
    """Return Sweden's public holidays and the eves treated as holidays (midsommar-, jul-, nyårsafton)."""
    return frozenset(public_holiday_names(years))


def closed_days(
    *, first: datetime.date, years: int = 3, closures: Iterable[datetime.date] = ()
) -> frozenset[datetime.date]:
    """Return the days no session may fall on from `first`'s year on: holidays, eves and the closure days."""
    return public_holidays(range(first.year, first.year + years)) | frozenset(closures)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> datetime.date:
    """Return the n:th (1-4) given weekday (0 = Monday) of the month."""
    first = datetime.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + datetime.timedelta(days=offset + 7 * (n - 1))


def is_working_day(day: datetime.date, closed: frozenset[datetime.date] = frozenset()) -> bool:
    """Return whether a session may fall on the day: a weekday that is not closed."""
    return day.weekday() < 5 and day not in closed


def working_days(
    first: datetime.date, count: int, closed: frozenset[datetime.date] = frozenset()
) -> list[datetime.date]:
    """Return `count` consecutive working days from `first` on (skipping weekends and closed days)."""
    days, day = [], first
    while len(days) < count:
        if is_working_day(day, closed):
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


def window_start(
    today: datetime.date, lead_days: int, first_day_of: Callable[[int, int], datetime.date | None]
) -> datetime.date:
    """Return the window's first month: this one if its round starts `lead_days` ahead or more, else the next.

    `first_day_of(year, month)` gives the first day of that month's round, or None when the month has none.
    """
    this_month = today.replace(day=1)
    first = first_day_of(today.year, today.month)
    if first is None or first >= today + datetime.timedelta(days=lead_days):
        return this_month
    return add_months_clamped(this_month, 1)


def del1_rounds(
    *,
    today: datetime.date,
    modules: list[tuple[object, Decimal]],
    excluded_months: set[int],
    weekday: int,
    week_of_month: int,
    lead_days: int = 0,
    closed: frozenset[datetime.date] = frozenset(),
    horizon: int = HORIZON_MONTHS,
) -> list[PlannedRound]:
    """Plan one Del 1 round in each month of the window that is not excluded, on consecutive working days."""
    slots = half_day_slots(modules)
    day_count = math.ceil(len(slots) / 2)

    def days_of(year: int, month: int) -> list[datetime.date]:
        return working_days(nth_weekday(year, month, weekday, week_of_month), day_count, closed)

    def first_day_of(year: int, month: int) -> datetime.date | None:
        return None if month in excluded_months else days_of(year, month)[0]

    rounds = []
    for year, month in months_from(window_start(today, lead_days, first_day_of), horizon):
        if month in excluded_months:
            continue
        rounds.append(
            PlannedRound(
                planning_key=f"{year}-{month:02d}",
                title=f"Del 1 {MONTH_NAMES_SV[month - 1]} {year}",
                sessions=sessions_on_days(slots, days_of(year, month)),
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
    lead_days: int = 0,
    closed: frozenset[datetime.date] = frozenset(),
    busy_days: frozenset[datetime.date] = frozenset(),
) -> list[PlannedRound]:
    """Plan the Del 2 round that starts in the window: one day every `interval_weeks`, not in excluded months.

    A day that is closed or in `busy_days` (Del 1's) moves a week on, so the two courses never share a day.
    """
    slots = half_day_slots(modules)
    day_count = math.ceil(len(slots) / 2)

    def days_of(year: int) -> list[datetime.date]:
        day = nth_weekday(year, start_month, weekday, week_of_month)
        days: list[datetime.date] = []
        while len(days) < day_count:
            if day in busy_days or not is_working_day(day, closed):
                day += datetime.timedelta(weeks=1)
                continue
            if day.month not in excluded_months:
                days.append(day)
            day += datetime.timedelta(weeks=max(1, interval_weeks))
        return days

    def first_day_of(year: int, month: int) -> datetime.date | None:
        return days_of(year)[0] if month == start_month else None

    rounds = []
    for year, month in months_from(window_start(today, lead_days, first_day_of)):
        if month != start_month:
            continue
        rounds.append(
            PlannedRound(
                planning_key=str(year),
                title=f"Del 2 {year}/{str(year + 1)[-2:]}",
                sessions=sessions_on_days(slots, days_of(year)),
            )
        )
    return rounds
