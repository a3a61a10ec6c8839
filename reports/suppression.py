"""Hide small groups: every report cell that describes fewer people than the threshold shows "< N".

Reports build their cells through a `Suppressor`, and pages and every export render the cells
they are given, so no output can show a number the page hides. `protect_table` then adds the
complementary suppression a table needs so that no hidden cell can be worked out from the others
(every `Table` runs it when built, before a chart is drawn from its cells).
"""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Hidden:
    """A value withheld because it describes fewer than `threshold` people, or (`complementary`) because
    it would let a reader work out such a value; that one may be large, so it does not say "< N"."""

    threshold: int
    complementary: bool = False

    def __str__(self) -> str:
        return ".." if self.complementary else f"< {self.threshold}"


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
        """Hide both parts of a split (women / men) when one is hidden, so the total cannot reveal it.

        The part hidden only for its partner's sake may be large, so it shows "..", not "< N".
        """
        if self.is_small(first) or self.is_small(second):
            first_cell, second_cell = (
                Hidden(self.threshold, complementary=n >= self.threshold) for n in (first, second)
            )
            return first_cell, second_cell
        return first, second


def for_organisation(organisation) -> Suppressor:
    return Suppressor(organisation.small_group_threshold if organisation is not None else 5)


def protect_table(
    rows: list[list],
    total: list | None,
    *,
    summed: Iterable[int] = (),
    together: Iterable[tuple[int, ...]] = (),
    derived: dict[int, tuple[int, ...]] | None = None,
    row_sums: dict[int, tuple[int, ...]] | None = None,
) -> None:
    """Hide more cells, in place, until no hidden cell can be recovered by arithmetic.

    - `summed`: columns whose `total` cell is the sum of the rows' cells. When exactly one cell of
      such a column is hidden, the total minus the others would give it away, so the smallest other
      non-zero cell is hidden too (or, when there is none, the total).
    - `together`: groups of columns of one row that add up to something shown (women, men): if one
      is hidden, all are.
    - `derived`: a column computed from others of its row (a share): hidden when any of them is.
    - `row_sums`: a column that is the sum of other columns of its row (answers 1-5 and their
      count): the same rule as `summed`, across the row.
    Runs until nothing changes, since hiding one cell can expose another rule.
    """
    small = next((cell for row in [*rows, total or []] for cell in row if isinstance(cell, Hidden)), None)
    if small is None:
        return
    hidden = Hidden(small.threshold, complementary=True)
    summed, together, derived, row_sums = list(summed), list(together), derived or {}, row_sums or {}
    all_rows = [*rows, total] if total is not None else list(rows)
    changed = True
    while changed:
        changed = False
        for row in all_rows:
            for group in together:
                shown = [i for i in group if not isinstance(row[i], Hidden)]
                if shown and len(shown) < len(group):
                    for i in shown:
                        row[i] = hidden
                    changed = True
            for sum_column, parts in row_sums.items():
                changed |= _hide_complement(row, list(parts), sum_column, hidden)
        if total is None:
            continue
        for column in summed:
            if isinstance(total[column], Hidden):
                continue
            if sum(1 for row in rows if isinstance(row[column], Hidden)) != 1:
                continue
            candidates = [row for row in rows if isinstance(row[column], int | float) and row[column] > 0]
            if candidates:
                min(candidates, key=lambda row: row[column])[column] = hidden
            else:
                total[column] = hidden
            changed = True
    for row in all_rows:
        for column, sources in derived.items():
            if not isinstance(row[column], Hidden) and any(isinstance(row[i], Hidden) for i in sources):
                row[column] = hidden


def _hide_complement(cells: list, parts: list[int], sum_index: int, hidden: Hidden) -> bool:
    """Within one row: when one part of a shown sum is hidden, hide the smallest other part (or the sum)."""
    if isinstance(cells[sum_index], Hidden) or sum(1 for i in parts if isinstance(cells[i], Hidden)) != 1:
        return False
    candidates = [i for i in parts if isinstance(cells[i], int | float) and cells[i] > 0]
    if candidates:
        cells[min(candidates, key=lambda i: cells[i])] = hidden
    else:
        cells[sum_index] = hidden
    return True
