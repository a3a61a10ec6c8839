"""The frozen clock every test runs on, and tests run on each of several dates (`frozen_dates`)."""

import datetime

import pytest
import time_machine

from districts.clock import STOCKHOLM

# Every test runs on a frozen clock (ticking from 09:00 Stockholm time), so none passes or fails with the
# day it runs. Tests marked `frozen_dates` run once on each of FROZEN_DATES: the first of December (the
# month's round is a week ahead), early January (after the holidays) and a leap day.
DEFAULT_DATE = datetime.date(2026, 12, 1)
FROZEN_DATES = (datetime.date(2026, 12, 1), datetime.date(2027, 1, 5), datetime.date(2028, 2, 29))


def pytest_generate_tests(metafunc):
    if metafunc.definition.get_closest_marker("frozen_dates"):
        metafunc.parametrize("frozen_clock", FROZEN_DATES, indirect=True, ids=str)


def travel_to(day: datetime.date):
    """Travel to 09:00 in Stockholm on `day`, ticking (so timeouts still pass)."""
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), tzinfo=STOCKHOLM), tick=True)


@pytest.fixture(autouse=True)
def frozen_clock(request):
    """Freeze the clock at 09:00 in Stockholm on the test's date."""
    day = getattr(request, "param", DEFAULT_DATE)
    with travel_to(day):
        yield day


@pytest.fixture(scope="module")
def module_clock():
    """Freeze the clock on DEFAULT_DATE for a module-scoped fixture, which is set up before a test's frozen_clock."""
    with travel_to(DEFAULT_DATE):
        yield DEFAULT_DATE
