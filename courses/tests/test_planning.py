import datetime
from decimal import Decimal

from courses import planning
from courses.programme import DEL1_MODULES, DEL2_THEMES

DEL1 = [(order, days) for order, (_title, _area, days) in enumerate(DEL1_MODULES, start=1)]
DEL2 = [(order, days) for order, (_title, _area, days) in enumerate(DEL2_THEMES, start=1)]


def test_add_months_clamps_to_the_end_of_february():
    assert planning.add_months_clamped(datetime.date(2026, 10, 31), 4) == datetime.date(2027, 2, 28)
    assert planning.add_months_clamped(datetime.date(2027, 10, 31), 4) == datetime.date(2028, 2, 29)
    assert planning.add_months_clamped(datetime.date(2026, 11, 30), 4) == datetime.date(2027, 3, 30)
    assert planning.add_months_clamped(datetime.date(2026, 1, 15), 24) == datetime.date(2028, 1, 15)


def test_months_ahead_are_the_twelve_months_after_this_one():
    months = planning.months_ahead(datetime.date(2026, 11, 23))
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
