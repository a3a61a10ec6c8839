"""The Del 1 seat forecast, pure: which coming rounds the waiting hires must take, and where seats run short.

Every waiting hire can take the rounds that start once they are employed (and before they leave) and end
by their Del 1 deadline; with rounds one after another that is a run of consecutive rounds. A hire
"must take" a round when it is the last of their run: after it, no round meets their deadline.

Seats are handed out as a coordinator would to keep every deadline: round by round in date order, each
round's free seats go to the hires who can take it with the nearest deadline first (earliest deadline
first, which seats as many hires as any other order can when each hire's rounds are consecutive). A
hire still without a seat when their last round has passed is a shortfall at that round: that round needs
that many more seats, or an extra round is needed before their deadlines.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

# Up to this share of a round's capacity more seats is proposed as more seats; beyond it, an extra round.
EXTRA_SEATS_SHARE = 0.25


@dataclass(frozen=True)
class ForecastRound:
    id: int
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    capacity: int
    free_seats: int


@dataclass(frozen=True)
class ForecastHire:
    """A waiting hire, or `count` hires with the same dates: alike to the forecast, so they may come grouped."""

    id: int
    deadline: datetime.date
    available_from: datetime.date  # the employment start
    available_until: datetime.date | None = None  # the employment end, if known
    count: int = 1

    def can_take(self, course_round: ForecastRound) -> bool:
        """Return whether the round meets the deadline and falls within the employment."""
        return (
            course_round.starts_on >= self.available_from
            and course_round.ends_on <= self.deadline
            and (self.available_until is None or course_round.starts_on <= self.available_until)
        )


@dataclass(frozen=True)
class RoundForecast:
    round: ForecastRound
    months_ahead: int
    must_take: int  # hires for whom this is the last round that meets their deadline
    seated: int  # hires the forecast seats on this round
    shortfall: int  # hires whose last round this is and who find no seat on it or before
    extra_round_by: datetime.date | None  # when the shortfall needs an extra round: the day it must end by

    @property
    def fits(self) -> bool:
        return self.shortfall == 0

    @property
    def proposes_extra_round(self) -> bool:
        return self.extra_round_by is not None


@dataclass(frozen=True)
class SeatForecast:
    rounds: tuple[RoundForecast, ...]
    without_round: tuple[ForecastHire, ...]  # deadline still ahead but no coming round meets it
    overdue: int  # deadline passed already: proposed the earliest free seat, outside this forecast
    waiting: int = 0  # every hire the forecast was given, overdue included

    @property
    def without_round_count(self) -> int:
        return sum(hire.count for hire in self.without_round)

    @property
    def shortfall(self) -> int:
        return sum(row.shortfall for row in self.rounds) + self.without_round_count


def months_between(today: datetime.date, day: datetime.date) -> int:
    """Return how many whole calendar months `day` lies after `today`'s month (0 for this month)."""
    return (day.year - today.year) * 12 + day.month - today.month


def seat_forecast(
    *,
    rounds: Iterable[ForecastRound],
    hires: Iterable[ForecastHire],
    today: datetime.date,
    planned_until: datetime.date | None = None,
) -> SeatForecast:
    """Return, per coming round, how many hires must take it, how many the seats hold, and what to add.

    A hire whose deadline lies after `planned_until` (the last planned day) may still get a round not yet
    planned: they take free seats but are never counted as must-take or short. Hires with the same dates
    may come as one `ForecastHire` with a `count`: the result is the same as for each of them apart.
    """
    rounds = sorted((r for r in rounds if r.starts_on >= today), key=lambda r: (r.starts_on, r.ends_on, r.id))
    hires = list(hires)
    overdue = sum(hire.count for hire in hires if hire.deadline < today)
    last_round: dict[int, int] = {}
    without_round = []
    for hire in hires:
        if hire.deadline < today:
            continue
        feasible = [index for index, course_round in enumerate(rounds) if hire.can_take(course_round)]
        if planned_until is not None and hire.deadline > planned_until:
            last_round[hire.id] = len(rounds)  # not forced yet: later rounds will be planned
        elif feasible:
            last_round[hire.id] = feasible[-1]
        else:
            without_round.append(hire)
    by_id = {hire.id: hire for hire in hires if hire.id in last_round}
    unseated = {hire_id: hire.count for hire_id, hire in by_id.items()}  # of each (group of) hire(s), still waiting
    result = []
    for index, course_round in enumerate(rounds):
        # Ties on the deadline go to whoever leaves first, then by dates: hires with the same dates are
        # interchangeable, so grouping them changes nothing.
        candidates = sorted(
            (by_id[hire_id] for hire_id in unseated if by_id[hire_id].can_take(course_round)),
            key=lambda hire: (
                last_round[hire.id],
                hire.deadline,
                hire.available_until or datetime.date.max,
                hire.available_from,
                hire.id,
            ),
        )
        seats, seated = max(0, course_round.free_seats), 0
        for hire in candidates:
            taken = min(seats - seated, unseated[hire.id])
            if taken <= 0:
                break
            seated += taken
            unseated[hire.id] -= taken
            if not unseated[hire.id]:
                del unseated[hire.id]
        short = [by_id[hire_id] for hire_id in unseated if last_round[hire_id] == index]
        shortfall = sum(unseated[hire.id] for hire in short)
        for hire in short:
            del unseated[hire.id]  # counted here, once: their last round has passed without a seat
        must_take = sum(by_id[hire_id].count for hire_id, last in last_round.items() if last == index)
        extra_round_by = None
        if short and shortfall > max(1, int(course_round.capacity * EXTRA_SEATS_SHARE)):
            extra_round_by = min(hire.deadline for hire in short)
        result.append(
            RoundForecast(
                round=course_round,
                months_ahead=months_between(today, course_round.starts_on),
                must_take=must_take,
                seated=seated,
                shortfall=shortfall,
                extra_round_by=extra_round_by,
            )
        )
    return SeatForecast(
        rounds=tuple(result),
        without_round=tuple(sorted(without_round, key=lambda hire: (hire.deadline, hire.id))),
        overdue=overdue,
        waiting=sum(hire.count for hire in hires),
    )
