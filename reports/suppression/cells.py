"""The cells of a report: a count, share or mean shown, or hidden (`Hidden`) when its group is small."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Hidden:
    """A value withheld because it describes fewer than `threshold` people, or (`complementary`) because
    it would let a reader work out such a value; that one may be large, so it does not say "< N".

    `value` is the withheld count, kept for the suppression arithmetic only: it is never rendered and
    takes no part in comparisons.
    """

    threshold: int
    complementary: bool = False
    value: int | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return ".." if self.complementary else f"< {self.threshold}"

    def without_value(self) -> "Hidden":
        """Return the same mark without the withheld count, for a table that is done with its arithmetic."""
        return Hidden(self.threshold, self.complementary)


@dataclass(frozen=True)
class Suppressor:
    """Turn raw counts into cells; `threshold` 0 turns suppression off."""

    threshold: int

    def is_small(self, people: int) -> bool:
        """Return whether a group of this many people must not be shown (an empty group may be)."""
        return bool(self.threshold) and 0 < people < self.threshold

    def count(self, people: int) -> int | Hidden:
        return Hidden(self.threshold, value=people) if self.is_small(people) else people

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
        """Hide both parts of a split (women / men) when one is hidden, so the total cannot reveal it.

        The part hidden only for its partner's sake may be large, so it shows "..", not "< N".
        """
        if self.is_small(first) or self.is_small(second):
            first_cell, second_cell = (
                Hidden(self.threshold, complementary=n >= self.threshold, value=n) for n in (first, second)
            )
            return first_cell, second_cell
        return first, second


def for_organisation(organisation) -> Suppressor:
    return Suppressor(organisation.small_group_threshold if organisation is not None else 5)
