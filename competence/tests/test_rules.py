"""The city's competence ladder: the boundaries of the seed, and properties that hold for every person."""

import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from competence import rules
from districts.models import CompetenceLevel as Level

TODAY = datetime.date(2027, 3, 15)


def _since(years: int, days: int = 0) -> datetime.date:
    return rules.anniversary(TODAY, -years) - datetime.timedelta(days=days)


def _level(since, credits=0):
    return rules.proposed_level(since=since, today=TODAY, credits=Decimal(credits))


def test_the_seeds_boundaries():
    assert _level(_since(2) + datetime.timedelta(days=1), 100) == Level.NYBORJARE  # a day short of two years
    assert _level(_since(2), 0) == Level.KUNNIG
    assert _level(_since(5), Decimal("9.9")) == Level.KUNNIG  # five years, but not the course of ten hp
    assert _level(_since(5), 10) == Level.AVANCERAD
    assert _level(_since(10), 100) == Level.AVANCERAD  # exactly ten years is not "more than ten"
    assert _level(_since(10, days=1), 29) == Level.AVANCERAD
    assert _level(_since(10, days=1), 30) == Level.SPECIALIST
    assert _level(_since(10, days=1), Decimal("59.5")) == Level.SPECIALIST
    assert _level(_since(25), 60) == Level.EXPERT


def test_an_organisation_may_be_given_its_own_credit_thresholds():
    strict = rules.Ladder(avancerad_credits=Decimal(15), specialist_credits=Decimal(45), expert_credits=Decimal(90))
    since = _since(12)
    assert rules.proposed_level(since=since, today=TODAY, credits=Decimal(60)) == Level.EXPERT
    assert rules.proposed_level(since=since, today=TODAY, credits=Decimal(60), ladder=strict) == Level.SPECIALIST


def test_full_years_count_anniversaries_and_leap_days():
    assert rules.full_years(since=datetime.date(2020, 2, 29), today=datetime.date(2021, 2, 27)) == 0
    assert rules.full_years(since=datetime.date(2020, 2, 29), today=datetime.date(2021, 2, 28)) == 1
    assert rules.full_years(since=datetime.date(2027, 4, 1), today=TODAY) == 0


days = st.dates(min_value=datetime.date(1970, 1, 1), max_value=datetime.date(2027, 3, 15))
credits = st.decimals(min_value=0, max_value=300, places=1, allow_nan=False, allow_infinity=False)
ORDER = rules.LEVEL_ORDER


@given(since=days, points=credits, more=credits)
def test_more_credits_never_lower_the_level(since, points, more):
    assert ORDER.index(_level(since, points + more)) >= ORDER.index(_level(since, points))


@given(since=days, points=credits, later=st.integers(min_value=0, max_value=4000))
def test_time_in_the_profession_never_lowers_the_level(since, points, later):
    today = TODAY + datetime.timedelta(days=later)
    before = rules.proposed_level(since=since, today=TODAY, credits=points)
    after = rules.proposed_level(since=since, today=today, credits=points)
    assert ORDER.index(after) >= ORDER.index(before)


@given(since=days, points=credits)
def test_the_level_never_outruns_the_years_or_the_credits(since, points):
    level = _level(since, points)
    years = rules.full_years(since=since, today=TODAY)
    assert (level == Level.NYBORJARE) == (years < 2)
    if level in (Level.AVANCERAD, Level.SPECIALIST, Level.EXPERT):
        assert years >= 5 and points >= 10
    if level in (Level.SPECIALIST, Level.EXPERT):
        assert years >= 10 and rules.anniversary(since, 10) < TODAY and points >= 30


def test_steps_between_levels():
    assert rules.steps_between(Level.KUNNIG, Level.AVANCERAD) == 1
    assert rules.steps_between(Level.EXPERT, Level.KUNNIG) == -3
