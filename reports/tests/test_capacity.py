from decimal import Decimal

import pytest

from reports.capacity import CapacityInput, plan


def test_the_city_reports_arithmetic_for_280_hires():
    result = plan(CapacityInput(hires_per_year=280))
    assert result.del1_rounds == 9
    assert result.del1_seats_per_round == 32  # 280 / 9 = 31.1, rounded up
    assert result.del1_seats == 288
    assert result.del1_course_days == Decimal("22.5")
    assert result.del2_runs == 1 and result.del2_places == 280
    assert result.del2_course_days == Decimal("12.5")
    assert result.training_days_per_hire == Decimal("15")
    assert result.participant_days == Decimal("4200")
    assert result.lecturer_days == Decimal("35")
    assert result.coordinator_days == Decimal("105")  # 35 course days x (1 on site + 2 preparing)


def test_del2_groups_multiply_its_days():
    result = plan(CapacityInput(hires_per_year=280, del2_group_size=40))
    assert result.del2_groups_per_run == 7
    assert result.del2_course_days == Decimal("87.5")


def test_no_hires_need_no_rounds():
    result = plan(CapacityInput(hires_per_year=0))
    assert (result.del1_rounds, result.del1_seats, result.del2_runs, result.participant_days) == (0, 0, 0, 0)


def test_negative_hires_are_refused():
    with pytest.raises(ValueError):
        plan(CapacityInput(hires_per_year=-1))
