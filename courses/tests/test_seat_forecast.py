"""The seat forecast: who must take which Del 1 round, where seats run short, and that its proposals suffice."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from courses.seat_forecast import ForecastHire, ForecastRound, RoundForecast, seat_forecast

TODAY = datetime.date(2026, 12, 1)


def _round(pk, month_offset, *, capacity=10, free=None):
    """A three-day round in the first week of the month `month_offset` months after December 2026."""
    year, month = 2026 + (11 + month_offset) // 12, (11 + month_offset) % 12 + 1
    start = datetime.date(year, month, 2)
    return ForecastRound(pk, f"Del 1 {year}-{month:02d}", start, start + datetime.timedelta(days=2), capacity, free)


def _hire(pk, deadline, *, start=datetime.date(2026, 1, 1), end=None):
    return ForecastHire(pk, deadline, start, end)


def test_a_hire_must_take_the_last_round_that_meets_the_deadline():
    january, february, march = _round(1, 1, free=5), _round(2, 2, free=5), _round(3, 3, free=5)
    hires = [_hire(10, datetime.date(2027, 2, 20)), _hire(11, datetime.date(2027, 3, 30))]
    forecast = seat_forecast(rounds=[january, february, march], hires=hires, today=TODAY)
    assert [row.must_take for row in forecast.rounds] == [0, 1, 1]
    assert forecast.shortfall == 0 and all(row.fits for row in forecast.rounds)
    assert [row.months_ahead for row in forecast.rounds] == [1, 2, 3]


def test_too_few_seats_for_those_who_must_take_a_round_propose_more_seats():
    january, february = _round(1, 1, free=0), _round(2, 2, free=2)
    hires = [_hire(pk, datetime.date(2027, 2, 25)) for pk in range(10, 14)]
    forecast = seat_forecast(rounds=[january, february], hires=hires, today=TODAY)
    row = forecast.rounds[1]
    assert (row.must_take, row.seated, row.shortfall) == (4, 2, 2)
    assert not row.fits and not row.proposes_extra_round  # two more seats on a round of ten: more seats
    assert forecast.shortfall == 2


def test_a_large_shortfall_proposes_an_extra_round_by_the_nearest_deadline():
    january = _round(1, 1, capacity=10, free=1)
    hires = [_hire(pk, datetime.date(2027, 1, 20) + datetime.timedelta(days=pk)) for pk in range(6)]
    forecast = seat_forecast(rounds=[january], hires=hires, today=TODAY)
    (row,) = forecast.rounds
    assert row.shortfall == 5
    assert row.extra_round_by == datetime.date(2027, 1, 21)  # the nearest deadline of those left without a seat


def test_the_nearest_deadline_is_seated_first_so_a_later_round_can_take_the_rest():
    january, february = _round(1, 1, free=1), _round(2, 2, free=1)
    urgent = _hire(1, datetime.date(2027, 1, 25))  # only January meets it
    patient = _hire(2, datetime.date(2027, 3, 1))  # January or February
    forecast = seat_forecast(rounds=[january, february], hires=[patient, urgent], today=TODAY)
    assert forecast.shortfall == 0
    assert [row.seated for row in forecast.rounds] == [1, 1]


def test_overdue_hires_and_hires_with_no_round_before_the_deadline_are_told_apart():
    february = _round(1, 2, free=5)
    overdue = _hire(1, TODAY - datetime.timedelta(days=3))
    stranded = _hire(2, datetime.date(2027, 1, 15))  # no round ends before it
    forecast = seat_forecast(rounds=[february], hires=[overdue, stranded], today=TODAY)
    assert forecast.overdue == 1
    assert forecast.without_round == (stranded,)
    assert forecast.rounds[0].must_take == 0 and forecast.shortfall == 1


def test_a_round_before_the_employment_starts_or_after_it_ends_is_not_feasible():
    january, february, march = _round(1, 1, free=5), _round(2, 2, free=5), _round(3, 3, free=5)
    starts_in_february = _hire(1, datetime.date(2027, 6, 1), start=datetime.date(2027, 2, 1))
    leaves_in_january = _hire(2, datetime.date(2027, 6, 1), end=datetime.date(2027, 1, 10))
    forecast = seat_forecast(
        rounds=[january, february, march], hires=[starts_in_february, leaves_in_january], today=TODAY
    )
    assert [row.must_take for row in forecast.rounds] == [1, 0, 1]


def test_a_deadline_after_the_planned_calendar_is_not_forced_onto_the_last_planned_round():
    january = _round(1, 1, free=0)
    later = _hire(1, datetime.date(2027, 9, 1))
    forecast = seat_forecast(rounds=[january], hires=[later], today=TODAY, planned_until=january.ends_on)
    assert forecast.rounds[0].must_take == 0 and forecast.shortfall == 0


def _max_matching(rounds, hires, today):
    """The most hires any assignment can seat before their deadlines (augmenting paths): the reference."""
    slots = [(course_round, seat) for course_round in rounds for seat in range(course_round.free_seats)]
    owner: dict[int, int] = {}

    def place(hire, seen):
        for index, (course_round, _seat) in enumerate(slots):
            if index in seen or not hire.can_take(course_round) or course_round.starts_on < today:
                continue
            seen.add(index)
            if index not in owner or place(by_id[owner[index]], seen):
                owner[index] = hire.id
                return True
        return False

    by_id = {hire.id: hire for hire in hires}
    return sum(1 for hire in hires if hire.deadline >= today and place(hire, set()))


@st.composite
def _cases(draw):
    round_count = draw(st.integers(0, 6))
    rounds = [
        _round(pk, pk + 1, capacity=draw(st.integers(1, 6)), free=draw(st.integers(0, 4))) for pk in range(round_count)
    ]
    hires = []
    for pk in range(draw(st.integers(0, 14))):
        start = TODAY + datetime.timedelta(days=draw(st.integers(-160, 200)))
        deadline = start + datetime.timedelta(days=draw(st.integers(0, 125)))
        end = draw(st.none() | st.just(start + datetime.timedelta(days=draw(st.integers(0, 200)))))
        hires.append(ForecastHire(100 + pk, deadline, start, end))
    return rounds, hires


@settings(max_examples=400, deadline=None)
@given(_cases())
def test_the_forecast_seats_as_many_hires_as_any_assignment_could_and_its_proposals_leave_no_one_short(case):
    rounds, hires = case
    forecast = seat_forecast(rounds=rounds, hires=hires, today=TODAY)
    seated = sum(row.seated for row in forecast.rounds)
    assert seated == _max_matching(rounds, hires, TODAY)
    assert all(row.seated <= row.round.free_seats for row in forecast.rounds)
    in_time = [hire for hire in hires if hire.deadline >= TODAY]
    with_a_round = [hire for hire in in_time if hire not in forecast.without_round]
    assert sum(row.must_take for row in forecast.rounds) == len(with_a_round)
    assert sum(row.shortfall for row in forecast.rounds) == len(with_a_round) - seated
    # The goal: once the proposed seats are added, no hire reaches the deadline without a feasible seat.
    grown = [
        ForecastRound(r.id, r.title, r.starts_on, r.ends_on, r.capacity, r.free_seats + row.shortfall)
        for r, row in zip(rounds, _by_round(forecast), strict=True)
    ]
    again = seat_forecast(rounds=grown, hires=hires, today=TODAY)
    assert sum(row.shortfall for row in again.rounds) == 0


def _by_round(forecast) -> list[RoundForecast]:
    return sorted(forecast.rounds, key=lambda row: row.round.id)


def _grouped(hires):
    """The hires as the selector reads them: one ForecastHire per (deadline, start, end) with a count."""
    counts: dict[tuple, int] = {}
    for hire in hires:
        key = (hire.deadline, hire.available_from, hire.available_until)
        counts[key] = counts.get(key, 0) + 1
    return [ForecastHire(index, *key, count=count) for index, (key, count) in enumerate(counts.items())]


def _summary(forecast):
    """What the panel shows of a forecast: each round's numbers, and the hires without a round by their dates."""
    without = sorted(
        (hire.deadline, hire.available_from, hire.available_until or datetime.date.max)
        for hire in forecast.without_round
        for _ in range(hire.count)
    )
    return forecast.rounds, without, forecast.overdue, forecast.waiting, forecast.shortfall


@st.composite
def _crowded_cases(draw):
    """As _cases, but many hires share few dates, so that groups hold several hires and ties on the deadline abound."""
    rounds, _hires = draw(_cases())
    starts = [TODAY + datetime.timedelta(days=draw(st.integers(-160, 200))) for _ in range(3)]
    hires = []
    for pk in range(draw(st.integers(0, 30))):
        start = draw(st.sampled_from(starts))
        deadline = start + datetime.timedelta(days=draw(st.sampled_from([30, 60, 122])))
        end = draw(st.sampled_from([None, start + datetime.timedelta(days=45)]))
        hires.append(ForecastHire(100 + pk, deadline, start, end))
    planned_until = draw(st.none() | st.just(TODAY + datetime.timedelta(days=draw(st.integers(0, 200)))))
    return rounds, hires, planned_until


@settings(max_examples=400, deadline=None)
@given(_crowded_cases())
def test_hires_grouped_by_their_dates_give_the_same_forecast_as_each_hire_apart(case):
    rounds, hires, planned_until = case
    one_by_one = seat_forecast(rounds=rounds, hires=hires, today=TODAY, planned_until=planned_until)
    grouped = seat_forecast(rounds=rounds, hires=_grouped(hires), today=TODAY, planned_until=planned_until)
    assert _summary(grouped) == _summary(one_by_one)
    assert one_by_one.waiting == len(hires)
