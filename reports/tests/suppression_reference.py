"""The bounds and linear-programming checks as first written, kept as the references the fast ones must agree with.

`first_pinned_exact` narrows every line's bounds each round, shown cells included; `first_solved_exact`
solves two dense programmes per small hidden group over the whole table: slow on large tables, but plain
enough to trust. `test_suppression_programming` checks that `disclosure` returns what these return.
"""

import math

import numpy as np
from scipy.optimize import linprog

from reports.suppression.cells import Hidden
from reports.suppression.disclosure import Line, Position, _is_small, _value, is_hidden


def first_solved_exact(
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


def first_pinned_exact(
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
