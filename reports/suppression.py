"""Hide small groups: every report cell that describes fewer people than the threshold shows "< N".

Reports build their cells through a `Suppressor`, and pages and every export render the cells
they are given, so no output can show a number the page hides. `protect_table` (and, for tables
that are parts of each other, `protect_cells`) then adds the complementary suppression a table
needs: it writes the table's arithmetic down as equations (a column's cells add up to its total,
women and men to the row's total, a district's units to the district) and hides more cells until
no hidden cell, and no line's sum of hidden cells, is fixed by those equations at a value between
1 and the threshold − 1 (every table runs it when built, before a chart is drawn from its cells).
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog

Position = tuple[int, int]  # (row, column) in the grid of rows given to protect_cells
Line = tuple[tuple[Position, ...], Position]  # parts that add up to a total

_PRIME = (1 << 61) - 1  # rank over this field equals rank over the rationals for tables of ±1 equations


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


def table_lines(
    n_rows: int,
    *,
    has_total: bool,
    summed: Iterable[int] = (),
    row_sums: dict[int, tuple[int, ...]] | None = None,
) -> list[Line]:
    """Return the equations of a table of `n_rows` rows (plus a totals row at index `n_rows`)."""
    lines: list[Line] = []
    if has_total:
        for column in summed:
            lines.append((tuple((row, column) for row in range(n_rows)), (n_rows, column)))
    for row in range(n_rows + (1 if has_total else 0)):
        for sum_column, parts in (row_sums or {}).items():
            lines.append((tuple((row, part) for part in parts), (row, sum_column)))
    return lines


def protect_table(
    rows: list[list],
    total: list | None,
    *,
    summed: Iterable[int] = (),
    together: Iterable[tuple[int, ...]] = (),
    derived: dict[int, tuple[int, ...]] | None = None,
    row_sums: dict[int, tuple[int, ...]] | None = None,
    at_most: Iterable[tuple[int, int]] = (),
    row_sums_exact: bool = True,
) -> None:
    """Hide more cells of one table, in place, until no small group can be worked out from it.

    - `summed`: columns whose `total` cell is the sum of the rows' cells.
    - `row_sums`: a column that is the sum of other columns of its row (women and men of the row's
      total; answers 1-5 and their count).
    - `together`: groups of columns of one row that are hidden together (women, men).
    - `derived`: a column computed from others of its row (a share), or bounded by them (no more
      completed than enrolled): hidden when any of them is.
    - `at_most`: (smaller, larger) columns of one row, such as (completed, enrolled).
    - `row_sums_exact`: False when the parts may fall short of the sum (people of unstated gender are
      in the total but neither women nor men); they are then taken as exact where the numbers allow.
    """
    summed = tuple(summed)
    grid = [*rows, total] if total is not None else list(rows)
    lines = table_lines(len(rows), has_total=total is not None, summed=summed, row_sums=row_sums)
    bounds = [((r, small), (r, large)) for r in range(len(grid)) for small, large in at_most]
    column_lines = len(summed) if total is not None else 0
    loose = () if row_sums_exact else range(column_lines, len(lines))
    protect_cells(grid, lines, together=together, derived=derived, at_most=bounds, loose=loose)


def protect_cells(
    grid: list[list],
    lines: list[Line],
    *,
    together: Iterable[tuple[int, ...]] = (),
    derived: dict[int, tuple[int, ...]] | None = None,
    at_most: Iterable[tuple[Position, Position]] = (),
    loose: Iterable[int] = (),
) -> None:
    """Hide more cells of `grid`, in place, until the equations `lines` give no small group away.

    A reader who knows every shown cell and the equations can solve for hidden cells. The loop
    hides one more cell at a time until, for every hidden cell and for every line's sum of hidden
    parts, either the equations leave it open or the value they fix is 0 or at least the threshold.
    The cell it hides is the smallest non-zero shown part of the line at fault (a zero would pin its
    neighbours at their bounds), else the line's total. Besides the equations, a reader knows that
    no count is negative and the `at_most` pairs (no more completed than enrolled): the bounds these
    give are propagated too, and a hidden cell whose bounds close on a small value is a fault as well.
    `loose` lines (by index) may hold as "parts <= total" only; the checks take them as exact where
    the numbers allow it, which is the stronger reader.
    """
    together, derived, at_most, loose = list(together), derived or {}, list(at_most), set(loose)
    threshold = next((cell.threshold for row in grid for cell in row if isinstance(cell, Hidden)), None)
    if threshold is None:
        return
    while True:
        _hide_together(grid, together, threshold)
        _hide_derived(grid, derived, threshold)
        fault = _first_fault(grid, lines, threshold) or _first_pinned(grid, lines, at_most, threshold)
        if fault is None and at_most:
            fault = _first_solved(grid, lines, at_most, threshold, loose)
        if fault is None:
            break
        if not _hide_one_more(grid, fault, lines, threshold):
            break  # everything the fault touches is hidden already; nothing more can help


def _hide_derived(grid: list[list], derived: dict[int, tuple[int, ...]], threshold: int) -> None:
    for row in grid:
        for column, sources in derived.items():
            if not isinstance(row[column], Hidden) and any(isinstance(row[i], Hidden) for i in sources):
                row[column] = _withhold(row[column], threshold)


def _hide_together(grid: list[list], together: list[tuple[int, ...]], threshold: int) -> None:
    for row in grid:
        for group in together:
            if any(isinstance(row[i], Hidden) for i in group):
                for i in group:
                    if not isinstance(row[i], Hidden):
                        row[i] = _withhold(row[i], threshold)


def _withhold(value, threshold: int) -> Hidden:
    return Hidden(threshold, complementary=True, value=value if isinstance(value, int) else None)


def _value(cell) -> int:
    """Return a cell's count; a hidden one made without its value counts as small (1) or, withheld, as large."""
    if isinstance(cell, Hidden):
        if cell.value is not None:
            return cell.value
        return cell.threshold if cell.complementary else 1
    return cell if isinstance(cell, int) else 0


def _is_small(value: int, threshold: int) -> bool:
    return 0 < value < threshold


def _first_fault(grid: list[list], lines: list[Line], threshold: int) -> tuple[Position, ...] | None:
    """Return the hidden cells of the first functional the equations fix at a small value, or None."""
    hidden = [(r, c) for r, row in enumerate(grid) for c, cell in enumerate(row) if isinstance(cell, Hidden)]
    if not hidden:
        return None
    index = {position: i for i, position in enumerate(hidden)}
    equations = []
    for parts, total in lines:
        coefficients = {}
        for position in parts:
            if position in index:
                coefficients[index[position]] = coefficients.get(index[position], 0) + 1
        if total in index:
            coefficients[index[total]] = coefficients.get(index[total], 0) - 1
        if coefficients:
            equations.append(coefficients)
    basis = _row_echelon(equations)
    line_sums = [tuple(p for p in parts if p in index) for parts, _total in lines]
    candidates = [(position,) for position in hidden] + [group for group in line_sums if len(group) > 1]
    for group in candidates:
        value = sum(_value(grid[r][c]) for r, c in group)
        if not _is_small(value, threshold):
            continue
        functional = {}
        for position in group:
            functional[index[position]] = functional.get(index[position], 0) + 1
        if _in_span(functional, basis):
            return group
    return None


def _first_pinned(
    grid: list[list], lines: list[Line], at_most: list[tuple[Position, Position]], threshold: int
) -> tuple[Position, ...] | None:
    """Return a hidden cell (or a line's hidden parts) whose bounds close on a small value, or None.

    Bounds start at [0, ∞) and are narrowed by every line (parts add up to the total) and every
    `at_most` pair until nothing changes: the interval reasoning a reader can do by hand.
    """
    low: dict[Position, float] = {}
    high: dict[Position, float] = {}

    def bounds(p: Position) -> tuple[float, float]:
        cell = grid[p[0]][p[1]]
        if not isinstance(cell, Hidden):
            value = cell if isinstance(cell, int) else 0
            return value, value
        return low.setdefault(p, 0), high.setdefault(p, float("inf"))

    def narrow(p: Position, lo: float, hi: float) -> bool:
        if not _hidden(grid, p):
            return False
        old_lo, old_hi = bounds(p)
        new_lo, new_hi = max(old_lo, lo), min(old_hi, hi)
        low[p], high[p] = new_lo, new_hi
        return (new_lo, new_hi) != (old_lo, old_hi)

    for _round in range(50):
        changed = False
        for parts, total in lines:
            part_bounds = [bounds(p) for p in parts]
            sum_lo, sum_hi = sum(lo for lo, _hi in part_bounds), sum(hi for _lo, hi in part_bounds)
            changed |= narrow(total, sum_lo, sum_hi)
            total_lo, total_hi = bounds(total)
            for p, (lo, hi) in zip(parts, part_bounds, strict=True):
                changed |= narrow(p, total_lo - (sum_hi - hi), total_hi - (sum_lo - lo))
        for small, large in at_most:
            changed |= narrow(small, 0, bounds(large)[1])
            changed |= narrow(large, bounds(small)[0], float("inf"))
        if not changed:
            break
    for position in low:
        lo, hi = bounds(position)
        if lo == hi and _is_small(int(lo), threshold):
            return (position,)
    return None


def _first_solved(
    grid: list[list], lines: list[Line], at_most: list[tuple[Position, Position]], threshold: int, loose: set[int]
) -> tuple[Position, ...] | None:
    """Return a small hidden cell or line sum that linear programming pins to one whole value, or None.

    Inequalities (no more completed than enrolled) add up across rows in ways neither the equations
    nor interval bounds see, so tables that have them are checked as an attacker would: the least
    and the greatest value each small hidden cell and each line's small hidden sum can take.
    """
    hidden = [(r, c) for r, row in enumerate(grid) for c, cell in enumerate(row) if isinstance(cell, Hidden)]
    index = {position: i for i, position in enumerate(hidden)}

    def linear(terms):
        row, constant = np.zeros(len(hidden)), 0.0
        for position, sign in terms:
            if position in index:
                row[index[position]] += sign
            else:
                constant += sign * _value(grid[position[0]][position[1]])
        return row, constant

    sums = [linear([(p, 1) for p in parts] + [(total, -1)]) for parts, total in lines]
    bounds = [linear([(small, 1), (large, -1)]) for small, large in at_most]

    def system(exact: set[int]):
        equalities = [sums[i] for i in range(len(sums)) if i in exact]
        inequalities = bounds + [sums[i] for i in range(len(sums)) if i not in exact]
        equalities = [(row, constant) for row, constant in equalities if row.any()]
        inequalities = [(row, constant) for row, constant in inequalities if row.any()]
        return {
            "A_eq": np.array([row for row, _c in equalities]) if equalities else None,
            "b_eq": np.array([-c for _r, c in equalities]) if equalities else None,
            "A_ub": np.array([row for row, _c in inequalities]) if inequalities else None,
            "b_ub": np.array([-c for _r, c in inequalities]) if inequalities else None,
        }

    # Take every line as exact when the numbers allow it (no one of unstated gender), else the loose
    # ones as "parts <= total": a reader can tell which holds from the published numbers alone.
    constraints = system(set(range(len(sums))))
    if linprog(np.zeros(len(hidden)), bounds=(0, None), **constraints).status == 2:
        constraints = system(set(range(len(sums))) - loose)
    groups = [(p,) for p in hidden if _is_small(_value(grid[p[0]][p[1]]), threshold)]
    groups += [
        group
        for group in (tuple(p for p in parts if p in index) for parts, _total in lines)
        if len(group) > 1 and _is_small(sum(_value(grid[r][c]) for r, c in group), threshold)
    ]
    for group in groups:
        objective = np.zeros(len(hidden))
        for position in group:
            objective[index[position]] += 1
        ends = []
        for sign in (1, -1):
            found = linprog(sign * objective, bounds=(0, None), **constraints)
            if found.status == 2:  # the lines given as exact are not: the caller's structure is wrong
                return None
            ends.append(sign * found.fun if found.status == 0 else math.inf)
        low, high = ends
        if high < math.inf and math.floor(high + 1e-9) <= math.ceil(low - 1e-9):  # one whole number fits
            return group
    return None


def _row_echelon(equations: list[dict[int, int]]) -> dict[int, dict[int, int]]:
    """Return the equations reduced mod _PRIME, keyed by their pivot (each pivot normalised to 1)."""
    basis: dict[int, dict[int, int]] = {}
    for equation in equations:
        row = _reduce({k: v % _PRIME for k, v in equation.items() if v % _PRIME}, basis)
        if not row:
            continue
        pivot = min(row)
        inverse = pow(row[pivot], _PRIME - 2, _PRIME)
        basis[pivot] = {k: v * inverse % _PRIME for k, v in row.items()}
    return basis


def _reduce(row: dict[int, int], basis: dict[int, dict[int, int]]) -> dict[int, int]:
    row = dict(row)
    while True:
        pivots = sorted(k for k in row if k in basis)
        if not pivots:
            return row
        pivot = pivots[0]
        factor = row[pivot]
        for k, v in basis[pivot].items():
            updated = (row.get(k, 0) - factor * v) % _PRIME
            if updated:
                row[k] = updated
            else:
                row.pop(k, None)


def _in_span(functional: dict[int, int], basis: dict[int, dict[int, int]]) -> bool:
    return not _reduce({k: v % _PRIME for k, v in functional.items()}, basis)


def _hide_one_more(grid: list[list], fault: tuple[Position, ...], lines: list[Line], threshold: int) -> bool:
    """Hide one shown cell of a line through the fault: its smallest non-zero part, else its total.

    When every line through the fault is hidden already, the fault is fixed through hidden cells of
    those lines, so look one line further out, until a line with a shown cell is found.
    """
    reached, tried = set(fault), set()
    while True:
        touching = [i for i, (parts, total) in enumerate(lines) if i not in tried and (reached & {*parts, total})]
        if not touching:
            return False
        # Prefer the line whose hidden parts are the fault itself (its sum was worked out), then any other.
        touching.sort(key=lambda i: tuple(p for p in lines[i][0] if _hidden(grid, p)) != fault)
        for i in touching:
            if _hide_in_line(grid, lines[i], threshold):
                return True
        for i in touching:
            tried.add(i)
            parts, total = lines[i]
            reached |= {p for p in (*parts, total) if _hidden(grid, p)}


def _hidden(grid: list[list], position: Position) -> bool:
    return isinstance(grid[position[0]][position[1]], Hidden)


def _hide_in_line(grid: list[list], line: Line, threshold: int) -> bool:
    parts, total = line
    shown = [(r, c) for r, c in parts if not isinstance(grid[r][c], Hidden) and isinstance(grid[r][c], int)]
    non_zero = [position for position in shown if grid[position[0]][position[1]] > 0]
    if non_zero:
        r, c = min(non_zero, key=lambda p: (grid[p[0]][p[1]], p))
        grid[r][c] = _withhold(grid[r][c], threshold)
        return True
    r, c = total
    if not isinstance(grid[r][c], Hidden) and isinstance(grid[r][c], int):
        grid[r][c] = _withhold(grid[r][c], threshold)
        return True
    if shown:  # only zeros are left to hide: they still widen the range
        r, c = shown[0]
        grid[r][c] = _withhold(grid[r][c], threshold)
        return True
    return False
