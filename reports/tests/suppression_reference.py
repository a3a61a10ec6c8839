"""The linear-programming check as it was first written, kept as the reference the fast one must agree with.

Two programmes per small hidden group over the whole table, dense: slow on large tables, but plain enough
to trust. `test_suppression_programming` checks that `disclosure.first_solved` returns what this returns.
"""

import math

import numpy as np
from scipy.optimize import linprog

from reports.suppression.cells import Hidden
from reports.suppression.disclosure import Line, Position, _is_small, _value


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
