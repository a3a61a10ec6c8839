"""Work out the programme's yearly volume from the number of hires, with the city report's arithmetic.

The city report (Göteborgs Stad 2014, "Omfattning och resurser"): about 15 days per hire over two
years, Del 1 of 2.5 days within the first four months, so with continuous hiring one round a month
except the summer: nine rounds a year; Del 2 of 12.5 days run in full once a year. With 280 hires a
year that is nine Del 1 rounds of about 31 seats and one Del 2 for 280 places. Coordinators and
lecturer days follow from the course days actually run; the assumptions are parameters.
"""

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DEL1_DAYS = Decimal("2.5")
DEL2_DAYS = Decimal("12.5")
DEL1_ROUNDS_PER_YEAR = 9
DEL2_RUNS_PER_YEAR = 1
WORKING_DAYS_PER_FTE = 200  # a full-time year in training days, after holidays and leave


@dataclass(frozen=True)
class CapacityInput:
    hires_per_year: int
    del1_rounds_per_year: int = DEL1_ROUNDS_PER_YEAR
    del1_days: Decimal = DEL1_DAYS
    del2_runs_per_year: int = DEL2_RUNS_PER_YEAR
    del2_days: Decimal = DEL2_DAYS
    del2_group_size: int = 0  # 0: everyone of a year's hires in one Del 2 group
    lecturers_per_course_day: Decimal = Decimal("1")
    coordinators_per_course_day: Decimal = Decimal("1")
    coordinator_preparation_days_per_course_day: Decimal = Decimal("2")


@dataclass(frozen=True)
class CapacityPlan:
    hires_per_year: int
    del1_rounds: int
    del1_seats_per_round: int
    del1_seats: int
    del1_course_days: Decimal
    del2_runs: int
    del2_places: int
    del2_groups_per_run: int
    del2_course_days: Decimal
    training_days_per_hire: Decimal
    participant_days: Decimal
    lecturer_days: Decimal
    coordinator_days: Decimal
    coordinator_fte: Decimal


def hires_per_year(new_hires: int, years: int = 2) -> int:
    """Return a year's share of the new hires of the last `years` years, rounded half up."""
    return int((Decimal(new_hires) / years).quantize(Decimal(1), rounding=ROUND_HALF_UP)) if years else 0


def plan(given: CapacityInput) -> CapacityPlan:
    """Return the rounds, seats, places and days a year's hires need."""
    if given.hires_per_year < 0:
        raise ValueError("hires_per_year must not be negative")
    del1_rounds = given.del1_rounds_per_year if given.hires_per_year else 0
    seats_per_round = math.ceil(given.hires_per_year / del1_rounds) if del1_rounds else 0
    del2_runs = given.del2_runs_per_year if given.hires_per_year else 0
    # Every hire takes Del 2 once within two years; running it yearly, a year's hires fill a year's places.
    del2_places = given.hires_per_year
    per_run = math.ceil(del2_places / del2_runs) if del2_runs else 0
    groups = math.ceil(per_run / given.del2_group_size) if given.del2_group_size and per_run else min(per_run, 1)
    del1_course_days = del1_rounds * given.del1_days
    del2_course_days = del2_runs * groups * given.del2_days
    course_days = del1_course_days + del2_course_days
    coordinator_days = course_days * (
        given.coordinators_per_course_day + given.coordinator_preparation_days_per_course_day
    )
    per_hire = given.del1_days + given.del2_days
    return CapacityPlan(
        hires_per_year=given.hires_per_year,
        del1_rounds=del1_rounds,
        del1_seats_per_round=seats_per_round,
        del1_seats=del1_rounds * seats_per_round,
        del1_course_days=del1_course_days,
        del2_runs=del2_runs,
        del2_places=del2_places,
        del2_groups_per_run=groups,
        del2_course_days=del2_course_days,
        training_days_per_hire=per_hire,
        participant_days=per_hire * given.hires_per_year,
        lecturer_days=course_days * given.lecturers_per_course_day,
        coordinator_days=coordinator_days,
        coordinator_fte=(coordinator_days / WORKING_DAYS_PER_FTE).quantize(Decimal("0.01")),
    )
