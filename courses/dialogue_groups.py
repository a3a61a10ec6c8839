"""Split a round's participants into mixed dialogue groups: districts and areas mixed, units apart when possible.

Pure: takes people with their district, area and unit and returns groups of them, the same way for
the same input.
"""

import math
from collections import Counter
from dataclasses import dataclass

# A second person from the same unit weighs far more than one from the same district or area.
SAME_UNIT, SAME_DISTRICT, SAME_AREA = 100, 10, 3


@dataclass(frozen=True)
class Person:
    key: object
    district: object
    area: object
    unit: object


def _cost_with(group: list[Person], person: Person) -> int:
    cost = 0
    for other in group:
        if person.unit is not None and other.unit == person.unit:
            cost += SAME_UNIT
        if person.district is not None and other.district == person.district:
            cost += SAME_DISTRICT
        if person.area is not None and other.area == person.area:
            cost += SAME_AREA
    return cost


def group_cost(group: list[Person]) -> int:
    """Return how badly a group is mixed: weighted count of pairs sharing unit, district or area."""
    return sum(_cost_with(group[:index], person) for index, person in enumerate(group))


def split_into_groups(people: list[Person], group_size: int) -> list[list[Person]]:
    """Return ceil(n / group_size) groups of near-equal size, mixing districts and areas as much as possible."""
    if group_size < 1:
        raise ValueError("group_size must be at least 1")
    if not people:
        return []
    group_count = math.ceil(len(people) / group_size)
    base, extra = divmod(len(people), group_count)
    capacity = [base + (1 if index < extra else 0) for index in range(group_count)]
    groups: list[list[Person]] = [[] for _ in range(group_count)]

    # Place people from the largest units first: they are the hardest to keep apart.
    unit_sizes = Counter(person.unit for person in people)
    district_sizes = Counter(person.district for person in people)
    ordered = sorted(people, key=lambda person: (-unit_sizes[person.unit], -district_sizes[person.district]))
    for person in ordered:
        open_groups = [index for index in range(group_count) if len(groups[index]) < capacity[index]]
        best = min(open_groups, key=lambda index: (_cost_with(groups[index], person), len(groups[index]), index))
        groups[best].append(person)

    _improve_by_swaps(groups)
    return groups


def _improve_by_swaps(groups: list[list[Person]], max_rounds: int = 5) -> None:
    """Swap two people between groups while that lowers the total cost (a few passes; groups stay the same size)."""
    for _round in range(max_rounds):
        improved = False
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                for i, first in enumerate(groups[a]):
                    for j, second in enumerate(groups[b]):
                        rest_a = groups[a][:i] + groups[a][i + 1 :]
                        rest_b = groups[b][:j] + groups[b][j + 1 :]
                        before = _cost_with(rest_a, first) + _cost_with(rest_b, second)
                        after = _cost_with(rest_a, second) + _cost_with(rest_b, first)
                        if after < before:
                            groups[a][i], groups[b][j] = second, first
                            first = second
                            improved = True
        if not improved:
            return
