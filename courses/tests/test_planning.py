import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from courses import planning
from courses.programme import DEL1_MODULES, DEL2_THEMES

DEL1 = [(order, days) for order, (_title, _area, days) in enumerate(DEL1_MODULES, start=1)]
DEL2 = [(order, days) for order, (_title, _area, days) in enumerate(DEL2_THEMES, start=1)]


def test_add_months_clamps_to_the_end_of_february():
    assert planning.add_months_clamped(datetime.date(2026, 10, 31), 4) == datetime.date(2027, 2, 28)
    assert planning.add_months_clamped(datetime.date(2027, 10, 31), 4) == datetime.date(2028, 2, 29)
    assert planning.add_months_clamped(datetime.date(2026, 11, 30), 4) == datetime.date(2027, 3, 30)
    assert planning.add_months_clamped(datetime.date(2026, 1, 15), 24) == datetime.date(2028, 1, 15)


def test_months_from_are_twelve_months_starting_with_the_given_one():
    months = planning.months_from(datetime.date(2026, 12, 23))
    assert months[0] == (2026, 12) and months[-1] == (2027, 11) and len(months) == 12


def test_nth_weekday_and_working_days():
    assert planning.nth_weekday(2027, 3, 1, 2) == datetime.date(2027, 3, 9)  # second Tuesday
    assert planning.working_days(datetime.date(2027, 3, 11), 3) == [
        datetime.date(2027, 3, 11),
        datetime.date(2027, 3, 12),
        datetime.date(2027, 3, 15),
    ]


def test_default_settings_plan_nine_del1_rounds_in_any_twelve_months():
    for month in range(1, 13):
        rounds = planning.del1_rounds(
            today=datetime.date(2026, month, 10), modules=DEL1, excluded_months={6, 7, 8}, weekday=1, week_of_month=2
        )
        assert len(rounds) == 9
        assert not {int(r.planning_key[5:]) for r in rounds} & {6, 7, 8}


def test_del1_round_covers_its_three_modules_over_three_days():
    (first, *_rest) = planning.del1_rounds(
        today=datetime.date(2026, 11, 23), modules=DEL1, excluded_months={6, 7, 8}, weekday=1, week_of_month=2
    )
    assert first.planning_key == "2026-12" and first.title == "Del 1 december 2026"
    assert [s.date for s in first.sessions] == [
        datetime.date(2026, 12, 8),
        datetime.date(2026, 12, 9),
        datetime.date(2026, 12, 10),
    ]
    assert [s.module_keys for s in first.sessions] == [(1,), (1, 2), (3,)]
    assert first.sessions[-1].end_time == datetime.time(12)  # the half day


def test_del2_has_thirteen_days_covering_all_nineteen_themes_once_a_year():
    rounds = planning.del2_rounds(
        today=datetime.date(2026, 11, 23),
        modules=DEL2,
        start_month=9,
        excluded_months={6, 7, 8},
        weekday=1,
        week_of_month=2,
        interval_weeks=2,
    )
    assert len(rounds) == 1 and rounds[0].planning_key == "2027"
    sessions = rounds[0].sessions
    assert len(sessions) == 13
    assert sum(Decimal(d) for _k, d in DEL2) == Decimal("12.5")
    assert {key for s in sessions for key in s.module_keys} == set(range(1, 20))
    assert sessions[0].date == datetime.date(2027, 9, 14)
    assert all((b.date - a.date).days == 14 for a, b in zip(sessions, sessions[1:], strict=False))


def test_round_across_the_spring_dst_change_keeps_local_times():
    # The fourth Friday of March 2026 is the 27th; the clocks go forward on Sunday the 29th.
    (march,) = [
        r
        for r in planning.del1_rounds(
            today=datetime.date(2026, 2, 1), modules=DEL1, excluded_months=set(), weekday=4, week_of_month=4
        )
        if r.planning_key == "2026-03"
    ]
    assert [s.date for s in march.sessions] == [
        datetime.date(2026, 3, 27),
        datetime.date(2026, 3, 30),
        datetime.date(2026, 3, 31),
    ]
    starts = [planning.local_datetime(s.date, s.start_time) for s in march.sessions]
    assert [start.astimezone(planning.STOCKHOLM).hour for start in starts] == [9, 9, 9]
    assert [start.astimezone(datetime.UTC).hour for start in starts] == [8, 7, 7]


def test_round_across_the_autumn_dst_change_keeps_local_times():
    # The fourth Friday of October 2026 is the 23rd; the clocks go back on Sunday the 25th.
    (october,) = [
        r
        for r in planning.del1_rounds(
            today=datetime.date(2026, 9, 1), modules=DEL1, excluded_months=set(), weekday=4, week_of_month=4
        )
        if r.planning_key == "2026-10"
    ]
    starts = [planning.local_datetime(s.date, s.start_time) for s in october.sessions]
    assert [start.date() for start in starts] == [
        datetime.date(2026, 10, 23),
        datetime.date(2026, 10, 26),
        datetime.date(2026, 10, 27),
    ]
    assert [start.astimezone(datetime.UTC).hour for start in starts] == [7, 8, 8]


def test_del2_days_step_off_busy_days():
    kwargs = {
        "today": datetime.date(2026, 11, 23),
        "modules": DEL2,
        "start_month": 9,
        "excluded_months": {6, 7, 8},
        "weekday": 1,
        "week_of_month": 2,
        "interval_weeks": 2,
    }
    (plain,) = planning.del2_rounds(**kwargs)
    busy = frozenset({plain.sessions[0].date, plain.sessions[3].date})
    (shifted,) = planning.del2_rounds(**kwargs, busy_days=busy)
    dates = [s.date for s in shifted.sessions]
    assert dates[0] == datetime.date(2027, 9, 21) and not busy & set(dates) and len(dates) == 13


def _first_days(rounds):
    return [r.sessions[0].date for r in rounds]


def test_this_months_round_is_in_the_window_while_it_starts_lead_days_ahead():
    pattern = {"modules": DEL1, "excluded_months": {6, 7, 8}, "weekday": 1, "week_of_month": 2, "lead_days": 7}
    # December 2026's round starts on Tuesday the 8th.
    on_the_first = planning.del1_rounds(today=datetime.date(2026, 12, 1), **pattern)
    assert on_the_first[0].planning_key == "2026-12" and on_the_first[-1].planning_key == "2027-11"
    a_day_later = planning.del1_rounds(today=datetime.date(2026, 12, 2), **pattern)
    assert a_day_later[0].planning_key == "2027-01" and a_day_later[-1].planning_key == "2027-12"
    assert len(on_the_first) == len(a_day_later) == 9


def test_sessions_skip_public_holidays_and_the_eves_the_city_keeps():
    closed = planning.public_holidays([2027, 2028, 2029])
    assert datetime.date(2029, 5, 10) in closed  # Kristi himmelsfärds dag
    assert {datetime.date(2027, 6, 25), datetime.date(2027, 12, 24), datetime.date(2027, 12, 31)} <= closed
    assert datetime.date(2027, 6, 6) in closed  # nationaldagen
    assert datetime.date(2027, 1, 5) not in closed  # trettondagsafton is a working day (a half day)
    (may,) = [
        r
        for r in planning.del1_rounds(
            today=datetime.date(2029, 4, 20),
            modules=DEL1,
            excluded_months=set(),
            weekday=1,
            week_of_month=2,
            closed=closed,
        )
        if r.planning_key == "2029-05"
    ]
    # Tuesday 8 and Wednesday 9 May, then Ascension Day on Thursday the 10th: the last day moves to Friday.
    assert [s.date for s in may.sessions] == [
        datetime.date(2029, 5, 8),
        datetime.date(2029, 5, 9),
        datetime.date(2029, 5, 11),
    ]


def test_a_closure_day_on_the_pattern_day_moves_the_round_to_the_next_working_day():
    closed = planning.closed_days(first=datetime.date(2027, 1, 1), closures=[datetime.date(2027, 3, 9)])
    (march,) = [
        r
        for r in planning.del1_rounds(
            today=datetime.date(2027, 2, 20),
            modules=DEL1,
            excluded_months=set(),
            weekday=1,
            week_of_month=2,
            closed=closed,
        )
        if r.planning_key == "2027-03"
    ]
    assert [s.date for s in march.sessions] == [
        datetime.date(2027, 3, 10),
        datetime.date(2027, 3, 11),
        datetime.date(2027, 3, 12),
    ]


def test_del2_days_step_a_week_on_from_closed_days():
    kwargs = {
        "today": datetime.date(2027, 8, 1),
        "modules": DEL2,
        "start_month": 12,
        "excluded_months": set(),
        "weekday": 4,
        "week_of_month": 4,
        "interval_weeks": 1,
        "closed": planning.public_holidays([2027, 2028]),
    }
    (del2,) = planning.del2_rounds(**kwargs)
    dates = [s.date for s in del2.sessions]
    assert datetime.date(2027, 12, 24) not in dates and datetime.date(2027, 12, 31) not in dates
    # The fourth Friday is julafton, the next nyårsafton: the round starts on 7 January.
    assert dates[:2] == [datetime.date(2028, 1, 7), datetime.date(2028, 1, 14)]


def test_every_day_of_three_years_the_window_holds_nine_del1_rounds_none_in_summer_and_none_twice():
    """Plan on every day from 2027 to 2029 (a leap day, six DST changes) as the nightly task does."""
    closed = planning.closed_days(first=datetime.date(2027, 1, 1), years=5)
    pattern = {
        "modules": DEL1,
        "excluded_months": {6, 7, 8},
        "weekday": 1,
        "week_of_month": 2,
        "lead_days": 7,
        "closed": closed,
    }
    calendar_rounds: dict[str, tuple] = {}  # planning key -> first day; the first run that plans a month wins
    day = datetime.date(2027, 1, 1)
    while day <= datetime.date(2029, 12, 31):
        planned = planning.del1_rounds(today=day, **pattern)
        # A new organisation planned today gets the whole window too.
        assert len(planned) == 9, day
        keys = [r.planning_key for r in planned]
        assert len(set(keys)) == 9 and not {int(key[5:]) for key in keys} & {6, 7, 8}, day
        first = planned[0].sessions[0].date
        assert first >= day, day
        assert first >= day + datetime.timedelta(days=7) or first.month != day.month, day
        for r in planned:
            assert all(planning.is_working_day(s.date, closed) for s in r.sessions), (day, r)
            calendar_rounds.setdefault(r.planning_key, r.sessions)
        # The accumulated calendar holds each window month once: no gaps, no second round in a month.
        window = {f"{y}-{m:02d}" for y, m in planning.months_from(datetime.date(int(keys[0][:4]), int(keys[0][5:]), 1))}
        assert sorted(k for k in calendar_rounds if k in window) == sorted(keys), day
        day += datetime.timedelta(days=1)
    assert datetime.date(2028, 2, 29) <= day


@settings(max_examples=300, deadline=None)
@given(
    today=st.dates(min_value=datetime.date(2026, 1, 1), max_value=datetime.date(2036, 12, 31)),
    excluded=st.sets(st.integers(min_value=1, max_value=12), max_size=11),
    weekday=st.integers(min_value=0, max_value=4),
    week_of_month=st.integers(min_value=1, max_value=4),
    lead_days=st.integers(min_value=0, max_value=60),
)
def test_any_setting_gives_one_round_in_each_month_that_is_not_excluded(
    today, excluded, weekday, week_of_month, lead_days
):
    closed = planning.closed_days(first=today)
    rounds = planning.del1_rounds(
        today=today,
        modules=DEL1,
        excluded_months=excluded,
        weekday=weekday,
        week_of_month=week_of_month,
        lead_days=lead_days,
        closed=closed,
    )
    months = [int(r.planning_key[5:]) for r in rounds]
    assert sorted(months) == sorted(set(range(1, 13)) - excluded)
    assert all(r.sessions[0].date >= today for r in rounds)
    assert all(s.date.weekday() < 5 and s.date not in closed for r in rounds for s in r.sessions)


def test_holiday_names_kept_per_years_are_a_new_dict_each_call():
    first = planning.public_holiday_names([2026])
    first[datetime.date(2026, 3, 3)] = "Ingen helgdag"
    again = planning.public_holiday_names(range(2026, 2027))
    assert datetime.date(2026, 3, 3) not in again
    assert again[datetime.date(2026, 6, 19)] == "Midsommarafton"
