"""The seat forecast reads the waiting hires grouped by their dates: the same forecast as reading each hire."""

import datetime
import random

import pytest

from courses import selectors
from courses import services as course_services
from courses.deadlines import del1_deadline
from courses.models import RoundStatus
from courses.seat_forecast import ForecastHire, ForecastRound, seat_forecast
from courses.tests.factories import CourseRoundFactory, del1_of
from districts import clock
from districts.models import Role
from districts.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def _forecast_hire_by_hire(user, today):
    """The forecast as it was read before: one ForecastHire a waiting hire, the reference."""
    rounds = [
        ForecastRound(r.pk, r.title, r.starts_on, r.ends_on or r.starts_on, r.capacity, max(0, r.capacity - r.booked))
        for r in selectors.coming_del1_rounds(user=user, today=today)
    ]
    hires = [
        ForecastHire(pk, del1_deadline(start), start, end)
        for pk, start, end in selectors.del1_waiting_queryset(user=user, today=today).values_list(
            "pk", "employment_start", "employment_end"
        )
    ]
    planned_until = max((r.ends_on for r in rounds), default=today)
    return seat_forecast(rounds=rounds, hires=hires, today=today, planned_until=planned_until)


def _shown(forecast):
    """What the panel shows: each round's numbers, the hires without a round by deadline, overdue and waiting."""
    without = sorted(hire.deadline for hire in forecast.without_round for _ in range(hire.count))
    return forecast.rounds, without, forecast.overdue, forecast.waiting, forecast.shortfall


def _generated_world(world, today, *, rng):
    """Hires on few distinct dates (so groups hold several), some leaving, some waitlisted; rounds short of seats."""
    coordinator = world.user(Role.UTBILDNINGSSAMORDNARE)
    course = del1_of(world.organisation)
    days = (12, 40, 75, 110)
    rounds = [
        CourseRoundFactory(course=course, capacity=rng.randint(1, 4), session_dates=[today + datetime.timedelta(d)])
        for d in days
    ]
    CourseRoundFactory(
        course=course, capacity=5, status=RoundStatus.CANCELLED, session_dates=[today + datetime.timedelta(days=30)]
    )
    starts = [today - datetime.timedelta(days=days) for days in (200, 100, 90, 60, 20, 0)] + [
        today + datetime.timedelta(days=15)
    ]
    hires = []
    for _number in range(45):
        start = rng.choice(starts)
        end = rng.choice([None, None, start + datetime.timedelta(days=70)])
        unit = rng.choice([world.own_unit, world.other_unit])
        hires.append(
            StaffMemberFactory(unit=unit, employment_start=start, employment_end=end, roles=[Role.SOCIALSEKRETERARE])
        )
    staying = [staff for staff in hires if staff.employment_end is None]
    for staff in rng.sample(staying, 12):  # some seated (they wait no more), the rest of a full round waitlisted
        course_services.round_nominate(course_round=rng.choice(rounds), staff=staff, actor=coordinator)
    return coordinator


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_forecast_of_hires_read_by_their_dates_is_the_forecast_of_each_hire(world, seed):
    today = clock.today()
    coordinator = _generated_world(world, today, rng=random.Random(seed))
    grouped = selectors.del1_seat_forecast(user=coordinator, today=today)
    hire_by_hire = _forecast_hire_by_hire(coordinator, today)
    assert _shown(grouped) == _shown(hire_by_hire)
    assert grouped.waiting == selectors.del1_waiting_queryset(user=coordinator, today=today).count() > 0
    counted = selectors.del1_waiting_to_count(user=coordinator, today=today)
    assert set(counted.values_list("pk", flat=True)) == set(
        selectors.del1_waiting_queryset(user=coordinator, today=today).values_list("pk", flat=True)
    )
    assert any(row.must_take for row in grouped.rounds)  # the world is one where the forecast has work to do
