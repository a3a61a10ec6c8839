"""Hide small groups: every report cell that describes fewer people than the threshold shows "< N".

Reports build their cells through a `Suppressor`, and pages and every export render the cells
they are given, so no output can show a number the page hides.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Hidden:
    """A value withheld because it describes fewer than `threshold` people."""

    threshold: int

    def __str__(self) -> str:
        return f"< {self.threshold}"


@dataclass(frozen=True)
class Suppressor:
    """Turn raw counts into cells; `threshold` 0 turns suppression off."""

    threshold: int

    def is_small(self, people: int) -> bool:
        """Return whether a group of this many people must not be shown (an empty group may be)."""
        return bool(self.threshold) and 0 < people < self.threshold

    def count(self, people: int) -> int | Hidden:
        return Hidden(self.threshold) if self.is_small(people) else people

    def share(self, part: int, whole: int) -> float | Hidden | None:
        """Return part / whole, hidden when the group it describes is small; None when there is no one."""
        if self.is_small(whole):
            return Hidden(self.threshold)
        return part / whole if whole else None

    def mean(self, total: float, people: int) -> float | Hidden | None:
        if self.is_small(people):
            return Hidden(self.threshold)
        return total / people if people else None

    def pair(self, first: int, second: int) -> tuple[int | Hidden, int | Hidden]:
        """Hide both parts of a split (women / men) when one is hidden, so the total cannot reveal it."""
        if self.is_small(first) or self.is_small(second):
            return Hidden(self.threshold), Hidden(self.threshold)
        return first, second


def for_organisation(organisation) -> Suppressor:
    return Suppressor(organisation.small_group_threshold if organisation is not None else 5)
