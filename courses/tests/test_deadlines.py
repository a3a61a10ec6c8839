import datetime

import pytest

from courses import deadlines

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_dates]  # dates relative to today: run on each frozen date


def test_del1_deadline_is_four_months_clamped_to_the_month_end():
    assert deadlines.del1_deadline(datetime.date(2026, 10, 31)) == datetime.date(2027, 2, 28)
    assert deadlines.del1_deadline(datetime.date(2027, 10, 31)) == datetime.date(2028, 2, 29)
    assert deadlines.del1_deadline(datetime.date(2026, 8, 31)) == datetime.date(2026, 12, 31)
    assert deadlines.del1_deadline(datetime.date(2026, 1, 10)) == datetime.date(2026, 5, 10)
