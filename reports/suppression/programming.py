"""The least and greatest value a reader can give each small hidden group of a table, by linear programming.

`disclosure.first_solved` asks, of each small hidden cell and each line's small hidden sum, whether the
table's equations and inequalities leave it room for two whole numbers. Asked naively that is two linear
programmes per group over the whole table, each built as a dense matrix: at ten years of rounds, hundreds of
programmes over thousands of hidden cells. The answers here are the same, found more cheaply:

- The system falls apart into independent parts (hidden cells no line or bound links): each question is
  asked of its own part, so a programme's size follows the part, not the table.
- Every solution found is a table the reader cannot rule out, so a group whose sum already differs by two
  whole numbers between solutions found so far is open and needs no programme of its own. Two programmes
  that push every open group up at once, and down at once, settle most of them; the rest get their own
  two, in the original order, so the group reported is the one the naive search would report.
- The matrices are sparse.
"""

import math
import random
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_array

Row = tuple[dict[int, float], float]  # coefficients of the hidden cells and the constant: sum + constant (= | <=) 0

# The tolerance of `disclosure.first_solved`'s own test: a group is open when solutions found give it sums with two
# whole numbers between them, as the least and greatest sums would (they lie at least as far apart).
_TOLERANCE = 1e-9
_BATCH_ROUNDS = 4  # pairs of programmes pushing every open group at once, each one way and then the other


@dataclass
class Part:
    """One independent part of the system: its hidden cells (global indices) and the rows over them."""

    variables: list[int]
    rows: list[int] = field(default_factory=list)  # indices into the system's rows
    local: dict[int, int] = field(default_factory=dict)

    def __post_init__(self):
        self.local = {variable: i for i, variable in enumerate(self.variables)}


@dataclass
class Question:
    """A small hidden group: its cells (global indices), the part it lies in, and the sums seen for it."""

    cells: tuple[int, ...]
    part: int
    low: float = math.inf
    high: float = -math.inf

    def see(self, value: float) -> None:
        self.low, self.high = min(self.low, value), max(self.high, value)

    @property
    def open(self) -> bool:
        """Whether solutions already found give the group two whole values, so that it cannot be pinned."""
        if self.low > self.high:  # nothing seen yet
            return False
        if self.high == math.inf:
            return True
        return math.floor(self.high + _TOLERANCE) > math.ceil(self.low - _TOLERANCE)


def parts_of(n_variables: int, rows: list[Row]) -> list[Part]:
    """Split the variables into the parts that rows link (union-find); every row with a cell goes to its part."""
    parent = list(range(n_variables))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for coefficients, _constant in rows:
        first, *others = coefficients or (None,)
        for other in others:
            a, b = root(first), root(other)
            if a != b:
                parent[b] = a
    by_root: dict[int, list[int]] = {}
    for variable in range(n_variables):
        by_root.setdefault(root(variable), []).append(variable)
    parts = [Part(variables) for variables in by_root.values()]
    part_of = {variable: number for number, part in enumerate(parts) for variable in part.variables}
    for i, (coefficients, _constant) in enumerate(rows):
        if coefficients:
            parts[part_of[next(iter(coefficients))]].rows.append(i)
    return parts


class Programme:
    """The table's rows over its hidden cells, solved part by part; `exact` rows are equalities, others <=."""

    def __init__(self, n_variables: int, rows: list[Row]):
        self.rows = rows
        self.parts = parts_of(n_variables, rows)
        self.part_of = {variable: number for number, part in enumerate(self.parts) for variable in part.variables}
        self.exact: set[int] = set()
        self._matrices: dict[int, dict] = {}

    def use(self, exact: set[int]) -> None:
        """Take the rows in `exact` as equalities, the others as "at most"."""
        self.exact, self._matrices = set(exact), {}

    def _constraints(self, number: int) -> dict:
        if number not in self._matrices:
            part = self.parts[number]
            chosen = {"eq": ([], [], [], []), "ub": ([], [], [], [])}
            for row_index in part.rows:
                coefficients, constant = self.rows[row_index]
                data, rows, columns, rhs = chosen["eq" if row_index in self.exact else "ub"]
                for variable, value in coefficients.items():
                    data.append(value)
                    rows.append(len(rhs))
                    columns.append(part.local[variable])
                rhs.append(-constant)
            constraints = {}
            for kind, (data, rows, columns, rhs) in chosen.items():
                if rhs:
                    shape = (len(rhs), len(part.variables))
                    constraints[f"A_{kind}"] = csr_array((data, (rows, columns)), shape=shape)
                    constraints[f"b_{kind}"] = np.array(rhs, dtype=float)
            self._matrices[number] = constraints
        return self._matrices[number]

    def solve(self, number: int, objective: np.ndarray, upper: float | None = None):
        """Return scipy's result for minimising `objective` over part `number`, cells in [0, upper]."""
        return linprog(objective, bounds=(0, upper), method="highs", **self._constraints(number))

    def feasible(self) -> tuple[bool, dict[int, np.ndarray]]:
        """Return whether every part has a solution (scipy's "infeasible" only counts) and a solution of each."""
        solutions = {}
        for number, part in enumerate(self.parts):
            if not part.rows:
                continue
            found = self.solve(number, np.zeros(len(part.variables)))
            if found.status == 2:
                return False, solutions
            if found.status == 0:
                solutions[number] = found.x
        return True, solutions


def first_pinned_group(
    programme: Programme, groups: list[tuple[int, ...]], solutions: dict[int, np.ndarray], whole: "callable"
) -> int | None:
    """Return the index of the first group whose least and greatest sums hold one whole number only, or None.

    `solutions` are solutions already found, per part; `whole(low, high)` says whether only one whole number
    fits between a group's least and greatest sum (math.inf for no greatest).
    """
    questions = [Question(group, programme.part_of[group[0]]) for group in groups]
    by_part: dict[int, list[Question]] = {}
    for question in questions:
        by_part.setdefault(question.part, []).append(question)

    def see(number: int, x: np.ndarray) -> None:
        local = programme.parts[number].local
        for question in by_part.get(number, ()):
            question.see(float(sum(x[local[cell]] for cell in question.cells)))

    for number, x in solutions.items():
        see(number, x)
    upper = _cap(programme)
    for number, asked in by_part.items():
        part = programme.parts[number]
        if not part.rows:  # no line or bound holds these cells: each can be anything from 0 up
            for question in asked:
                question.low, question.high = 0.0, math.inf
            continue
        signs = random.Random(len(asked))  # the same pushes for the same table: the same number of programmes
        for _round in range(_BATCH_ROUNDS):
            still = [question for question in asked if not question.open]
            if not still:
                break
            # Cells of a column share its total, so pushing every group up at once mostly moves none: push a
            # random half up and the other half down, then the other way round.
            objective = np.zeros(len(part.variables))
            for question in still:
                sign = signs.choice((-1, 1))
                for cell in question.cells:
                    objective[part.local[cell]] += sign
            for direction in (1, -1):
                found = programme.solve(number, direction * objective, upper)
                if found.status == 0:
                    see(number, found.x)
    for position, question in enumerate(questions):
        if question.open:
            continue
        part = programme.parts[question.part]
        objective = np.zeros(len(part.variables))
        for cell in question.cells:
            objective[part.local[cell]] += 1
        # The greatest sum first: the pushes have mostly found the least already (often 0), and a greatest
        # sum two whole numbers above it settles the group without asking for the least.
        ends = {}
        for sign in (-1, 1):
            found = programme.solve(question.part, sign * objective)
            if found.status == 2:  # the rows taken as exact are not: the caller's structure is wrong
                return None
            if found.status == 0:
                see(question.part, found.x)
            ends[sign] = sign * found.fun if found.status == 0 else math.inf
            if question.open or ends[sign] == math.inf:  # no greatest sum: never one whole number only
                break
        else:
            if whole(ends[1], ends[-1]):
                return position
    return None


def _cap(programme: Programme) -> float:
    """Return an upper bound for the cells in the pushing programmes: far above any count in the table."""
    largest = max((abs(constant) for _coefficients, constant in programme.rows), default=0.0)
    return 2 * largest + 10
