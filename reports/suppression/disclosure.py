"""What a reader can work out from a table's shown cells: the equations, interval bounds and linear programming."""

import heapq
import math

from reports.suppression.cells import Hidden
from reports.suppression.programming import Programme, Row, first_pinned_group

Position = tuple[int, int]  # (row, column) in the grid of rows given to protect_cells
Line = tuple[tuple[Position, ...], Position]  # parts that add up to a total

_PRIME = (1 << 61) - 1  # rank over this field equals rank over the rationals for tables of ±1 equations


def _value(cell) -> int:
    """Return a cell's count; a hidden one made without its value counts as small (1) or, withheld, as large."""
    if isinstance(cell, Hidden):
        if cell.value is not None:
            return cell.value
        return cell.threshold if cell.complementary else 1
    return cell if isinstance(cell, int) else 0


def _is_small(value: int, threshold: int) -> bool:
    return 0 < value < threshold


def first_fault(grid: list[list], lines: list[Line], threshold: int) -> tuple[Position, ...] | None:
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


def first_pinned(
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
        if not is_hidden(grid, p):
            return False
        old_lo, old_hi = bounds(p)
        new_lo, new_hi = max(old_lo, lo), min(old_hi, hi)
        low[p], high[p] = new_lo, new_hi
        return (new_lo, new_hi) != (old_lo, old_hi)

    # A shown cell's bounds are its value and never narrow: add the shown parts of a line up once, and
    # leave out the lines and pairs with nothing hidden (a column of a thousand rounds has few hidden).
    narrowed = []
    for parts, total in lines:
        hidden_parts = [p for p in parts if is_hidden(grid, p)]
        if hidden_parts or is_hidden(grid, total):
            shown = sum(bounds(p)[0] for p in parts if not is_hidden(grid, p))
            narrowed.append((hidden_parts, shown, total))
    at_most = [(small, large) for small, large in at_most if is_hidden(grid, small) or is_hidden(grid, large)]
    for _round in range(50):
        changed = False
        for parts, shown, total in narrowed:
            part_bounds = [bounds(p) for p in parts]
            sum_lo = shown + sum(lo for lo, _hi in part_bounds)
            sum_hi = shown + sum(hi for _lo, hi in part_bounds)
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


def first_solved(
    grid: list[list], lines: list[Line], at_most: list[tuple[Position, Position]], threshold: int, loose: set[int]
) -> tuple[Position, ...] | None:
    """Return a small hidden cell or line sum that linear programming pins to one whole value, or None.

    Inequalities (no more completed than enrolled) add up across rows in ways neither the equations
    nor interval bounds see, so tables that have them are checked as an attacker would: the least
    and the greatest value each small hidden cell and each line's small hidden sum can take
    (`programming` finds them part by part, and skips the groups its solutions already show open).
    """
    hidden = [(r, c) for r, row in enumerate(grid) for c, cell in enumerate(row) if isinstance(cell, Hidden)]
    index = {position: i for i, position in enumerate(hidden)}

    def linear(terms) -> Row:
        coefficients, constant = {}, 0.0
        for position, sign in terms:
            if position in index:
                coefficients[index[position]] = coefficients.get(index[position], 0) + sign
            else:
                constant += sign * _value(grid[position[0]][position[1]])
        return {i: value for i, value in coefficients.items() if value}, constant

    sums = [linear([(p, 1) for p in parts] + [(total, -1)]) for parts, total in lines]
    bounds = [linear([(small, 1), (large, -1)]) for small, large in at_most]
    groups = [(p,) for p in hidden if _is_small(_value(grid[p[0]][p[1]]), threshold)]
    groups += [
        group
        for group in (tuple(p for p in parts if p in index) for parts, _total in lines)
        if len(group) > 1 and _is_small(sum(_value(grid[r][c]) for r, c in group), threshold)
    ]
    if not groups:
        return None
    programme = Programme(len(hidden), sums + bounds)
    # Take every line as exact when the numbers allow it (no one of unstated gender), else the loose
    # ones as "parts <= total": a reader can tell which holds from the published numbers alone.
    programme.use(set(range(len(sums))))
    feasible, solutions = programme.feasible()
    if not feasible:
        programme.use(set(range(len(sums))) - loose)
        feasible, solutions = programme.feasible()
        if not feasible:  # the lines given as exact are not: the caller's structure is wrong
            return None

    def one_whole_number(low: float, high: float) -> bool:
        return high < math.inf and math.floor(high + 1e-9) <= math.ceil(low - 1e-9)

    found = first_pinned_group(
        programme, [tuple(index[p] for p in group) for group in groups], solutions, one_whole_number
    )
    return None if found is None else groups[found]


def _row_echelon(equations: list[dict[int, int]]) -> dict[int, dict[int, int]]:
    """Return the equations reduced mod _PRIME, keyed by their pivot (each pivot normalised to 1)."""
    basis: dict[int, dict[int, int]] = {}
    # The span does not depend on the order: short equations first keep the long ones (a column of a
    # thousand rounds) from being filled in again and again by each row they cross.
    for equation in sorted(equations, key=len):
        row = _reduce({k: v % _PRIME for k, v in equation.items() if v % _PRIME}, basis)
        if not row:
            continue
        pivot = min(row)
        inverse = pow(row[pivot], _PRIME - 2, _PRIME)
        basis[pivot] = {k: v * inverse % _PRIME for k, v in row.items()}
    return basis


def _reduce(row: dict[int, int], basis: dict[int, dict[int, int]]) -> dict[int, int]:
    """Eliminate the basis's pivots from `row`, smallest first (a basis row's other keys follow its pivot)."""
    row = dict(row)
    pivots = [k for k in row if k in basis]
    heapq.heapify(pivots)
    while pivots:
        pivot = heapq.heappop(pivots)
        factor = row.get(pivot)
        if not factor:
            continue
        for k, v in basis[pivot].items():
            updated = (row.get(k, 0) - factor * v) % _PRIME
            if updated:
                if k not in row and k in basis:
                    heapq.heappush(pivots, k)
                row[k] = updated
            else:
                row.pop(k, None)
    return row


def _in_span(functional: dict[int, int], basis: dict[int, dict[int, int]]) -> bool:
    return not _reduce({k: v % _PRIME for k, v in functional.items()}, basis)


def is_hidden(grid: list[list], position: Position) -> bool:
    """Return whether the cell at `position` is hidden."""
    return isinstance(grid[position[0]][position[1]], Hidden)
