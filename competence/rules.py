"""The city's competence ladder (2000) as one pure function: years in the profession and credits give a level.

The model (seed 000): Nybörjare under two years in the profession; Kunnig two to five; Avancerad
about five to ten, with a course of ten högskolepoäng; Specialist and Expert more than ten years
and further credits. The report does not say how many further credits; the defaults below
(30 in all for Specialist, 60 for Expert: half a term and a full year of university studies) are
a proposal, passed in as a `Ladder` so an organisation can be given its own.
Without the credits a level needs, the proposal stays at the level below.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from districts.models import CompetenceLevel

LEVEL_ORDER = tuple(CompetenceLevel.values)  # Nybörjare, Kunnig, Avancerad, Specialist, Expert


@dataclass(frozen=True)
class Ladder:
    """The credits each upper level needs in all (högskolepoäng)."""

    avancerad_credits: Decimal = Decimal(10)
    specialist_credits: Decimal = Decimal(30)
    expert_credits: Decimal = Decimal(60)


CITY_LADDER = Ladder()


def anniversary(since: datetime.date, years: int) -> datetime.date:
    """Return the day `years` after `since` (28 February for a 29 February in a common year)."""
    try:
        return since.replace(year=since.year + years)
    except ValueError:
        return since.replace(year=since.year + years, day=28)


def full_years(*, since: datetime.date, today: datetime.date) -> int:
    """Return the whole years from `since` to `today` (0 before the first anniversary or before `since`)."""
    if today < since:
        return 0
    years = today.year - since.year
    return years if anniversary(since, years) <= today else years - 1


def proposed_level(
    *, since: datetime.date, today: datetime.date, credits: Decimal, ladder: Ladder = CITY_LADDER
) -> str:
    """Return the level the ladder gives someone in the profession since `since` with `credits` on `today`."""
    if today < anniversary(since, 2):
        return CompetenceLevel.NYBORJARE
    if today < anniversary(since, 5) or credits < ladder.avancerad_credits:
        return CompetenceLevel.KUNNIG
    # "More than ten years": the tenth anniversary itself is still within five to ten.
    if today <= anniversary(since, 10) or credits < ladder.specialist_credits:
        return CompetenceLevel.AVANCERAD
    if credits < ladder.expert_credits:
        return CompetenceLevel.SPECIALIST
    return CompetenceLevel.EXPERT


def steps_between(proposed: str, decided: str) -> int:
    """Return how many levels `decided` is above (positive) or below (negative) `proposed`."""
    return LEVEL_ORDER.index(decided) - LEVEL_ORDER.index(proposed)
