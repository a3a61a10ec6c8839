"""An attacker with the published table and a linear-programming solver learns no small group.

For each table the attacker writes down what anyone knows about it (women and men add up to the
row's total, the rows to the totals row, no one completes more than enrolled, no count is
negative), fixes every published number, and asks scipy for the smallest and largest value each
hidden cell, and each line's sum of hidden cells, can take (as real numbers with `linprog`, and as
whole people with `milp`). A range that closes on one value between 1 and the threshold − 1 is a
leak. The equations are the attacker's own, not the suppression code's.
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from reports.enrolment import drop_out_share, enrolment_table
from reports.suppression import Hidden, Suppressor
from reports.tables import Column, Kind, Table

# About 35 s alone (the generated tables' attacks): scheduled first under -n, not among the short files at the end.
pytestmark = pytest.mark.long_running(35)

ENROLLED, WOMEN, MEN, COMPLETED, COMPLETED_WOMEN, COMPLETED_MEN, SHARE = range(1, 8)

# Tabell 2 of the national report (2018): four rounds, enrolled and completed, women and men.
TABELL_2 = [
    ("Omgång 1 Ht 2016", (207, 202, 5, 122, 119, 3)),
    ("Omgång 2 Vt 2017", (191, 189, 2, 120, 118, 2)),
    ("Omgång 3 Ht 2017", (174, 172, 2, 106, 104, 2)),
    ("Omgång 4 Vt 2018", (206, 201, 5, 151, 148, 3)),
]


class Attacker:
    """The published grid as a system of equations and inequalities over its hidden cells."""

    def __init__(self, published: list[list], truth: list[list], counts: range):
        self.published, self.truth = published, truth
        hidden = [(r, c) for r, row in enumerate(published) for c in counts if isinstance(row[c], Hidden)]
        self.unknown = {position: i for i, position in enumerate(hidden)}
        self.equalities: list[tuple[dict, float]] = []
        self.inequalities: list[tuple[dict, float]] = []  # sum(coef * x) <= bound

    def _linear(self, terms: list[tuple[tuple[int, int], int]]) -> tuple[dict, float]:
        coefficients, constant = {}, 0.0
        for position, sign in terms:
            if position in self.unknown:
                coefficients[self.unknown[position]] = coefficients.get(self.unknown[position], 0) + sign
            else:
                constant += sign * self.published[position[0]][position[1]]
        return coefficients, constant

    def equal(self, parts: list[tuple[int, int]], total: tuple[int, int]) -> None:
        coefficients, constant = self._linear([(p, 1) for p in parts] + [(total, -1)])
        self.equalities.append((coefficients, -constant))

    def at_most_sum(self, parts: list[tuple[int, int]], total: tuple[int, int]) -> None:
        coefficients, constant = self._linear([(p, 1) for p in parts] + [(total, -1)])
        self.inequalities.append((coefficients, -constant))

    def at_most(self, smaller: tuple[int, int], larger: tuple[int, int]) -> None:
        coefficients, constant = self._linear([(smaller, 1), (larger, -1)])
        self.inequalities.append((coefficients, -constant))

    def _matrix(self, rows):
        matrix = np.zeros((len(rows), len(self.unknown)))
        for i, (coefficients, _bound) in enumerate(rows):
            for j, value in coefficients.items():
                matrix[i, j] = value
        return matrix, np.array([bound for _c, bound in rows])

    def ranges(self, positions: list[tuple[int, int]]) -> list[tuple[float, float]]:
        """Return (min, max) of the sum of the hidden cells at `positions`, as reals and as integers."""
        objective = np.zeros(len(self.unknown))
        for position in positions:
            objective[self.unknown[position]] += 1
        a_eq, b_eq = self._matrix(self.equalities)
        a_ub, b_ub = self._matrix(self.inequalities)
        found = []
        for sign in (1, -1):
            real = linprog(
                sign * objective,
                A_eq=a_eq if len(b_eq) else None,
                b_eq=b_eq if len(b_eq) else None,
                A_ub=a_ub if len(b_ub) else None,
                b_ub=b_ub if len(b_ub) else None,
                bounds=(0, None),
                method="highs",
            )
            constraints = [LinearConstraint(a_eq, b_eq, b_eq)] if len(b_eq) else []
            if len(b_ub):
                constraints.append(LinearConstraint(a_ub, -np.inf, b_ub))
            whole = milp(
                sign * objective,
                constraints=constraints,
                integrality=np.ones(len(self.unknown)),
                bounds=Bounds(0, np.inf),
            )
            assert real.status in (0, 3) and whole.status in (0, 3, 4), (real.message, whole.message)
            found.append(
                (
                    sign * real.fun if real.status == 0 else -sign * np.inf,
                    sign * whole.fun if whole.status == 0 else -sign * np.inf,
                )
            )
        (real_min, whole_min), (real_max, whole_max) = found
        return [(real_min, real_max), (whole_min, whole_max)]

    def leaks(self, threshold: int, lines: list[list[tuple[int, int]]]) -> list[str]:
        """Return every hidden cell or line sum whose range closes on a small value."""
        found = []
        groups = [[position] for position in self.unknown]
        groups += [[p for p in line if p in self.unknown] for line in lines]
        for group in groups:
            if not group:
                continue
            truth = sum(self.truth[r][c] for r, c in group)
            for low, high in self.ranges(group):
                if abs(high - low) < 1e-6 and 0 < round(low) < threshold:
                    found.append(f"{group} is exactly {round(low)} (truth {truth})")
        return found


def _tabell_grid(rows: list[tuple[str, tuple[int, ...]]]) -> list[list]:
    totals = [sum(counts[i] for _label, counts in rows) for i in range(6)]
    return [[label, *counts] for label, counts in rows] + [["Totalt", *totals]]


def _tabell_attack(table: Table, truth: list[list], threshold: int, *, exact: bool = True) -> list[str]:
    """Attack a published Tabell; `exact` False: some people have an unstated gender, so the attacker knows
    only that women and men are at most the total."""
    published = [*table.rows, table.total]
    attacker = Attacker(published, truth, range(ENROLLED, SHARE))
    last = len(published) - 1
    lines = []
    for r in range(len(published)):
        for parts, total in (((WOMEN, MEN), ENROLLED), ((COMPLETED_WOMEN, COMPLETED_MEN), COMPLETED)):
            if exact:
                attacker.equal([(r, p) for p in parts], (r, total))
            else:
                attacker.at_most_sum([(r, p) for p in parts], (r, total))
        for smaller, larger in ((COMPLETED, ENROLLED), (COMPLETED_WOMEN, WOMEN), (COMPLETED_MEN, MEN)):
            attacker.at_most((r, smaller), (r, larger))
        lines += [[(r, WOMEN), (r, MEN)], [(r, COMPLETED_WOMEN), (r, COMPLETED_MEN)]]
    for c in range(ENROLLED, SHARE):
        column = [(r, c) for r in range(last)]
        attacker.equal(column, (last, c))
        lines.append(column)
    return attacker.leaks(threshold, lines)


def _publish(rows: list[tuple[str, tuple[int, ...]]], threshold: int) -> Table:
    names = ("enrolled", "enrolled_women", "enrolled_men", "completed", "completed_women", "completed_men")
    return enrolment_table(
        [(label, dict(zip(names, counts, strict=True)), True) for label, counts in rows], Suppressor(threshold)
    )


def _assert_shares_follow_shown_counts(table: Table) -> None:
    for row in [*table.rows, table.total]:
        if not isinstance(row[SHARE], Hidden) and row[SHARE] is not None:
            assert not isinstance(row[ENROLLED], Hidden) and not isinstance(row[COMPLETED], Hidden), row


def test_the_shipped_tabell_2_no_longer_gives_the_men_of_rounds_2_and_3_away():
    table = _publish(TABELL_2, 5)
    men = [row[MEN] for row in table.rows]
    assert men[1] == Hidden(5) and men[2] == Hidden(5)  # 2 and 2
    # The old table showed 5, < 5, < 5, 5 and 14: 14 - 5 - 5 = 4 men in rounds 2 and 3 together.
    assert isinstance(table.total[MEN], Hidden) or sum(isinstance(m, Hidden) for m in men) > 2
    truth = _tabell_grid(TABELL_2)
    assert _tabell_attack(table, truth, 5) == []
    _assert_shares_follow_shown_counts(table)


def test_the_attacker_finds_the_old_leak_in_the_old_table():
    # The attacker is not toothless: on the table published before (men 5, < 5, < 5, 5, total 14) it
    # finds that rounds 2 and 3 had exactly 4 men together.
    truth = _tabell_grid(TABELL_2)
    old = [list(row) for row in truth]
    for r in (1, 2):
        for c in (WOMEN, MEN, COMPLETED_WOMEN, COMPLETED_MEN):
            old[r][c] = Hidden(5, complementary=truth[r][c] >= 5)
    for r in (0, 3, 4):
        for c in (COMPLETED_WOMEN, COMPLETED_MEN):
            old[r][c] = Hidden(5, complementary=truth[r][c] >= 5)
    attacker = Attacker([row + [None] for row in old], truth, range(ENROLLED, SHARE))
    last = len(old) - 1
    for r in range(len(old)):
        attacker.equal([(r, WOMEN), (r, MEN)], (r, ENROLLED))
        attacker.equal([(r, COMPLETED_WOMEN), (r, COMPLETED_MEN)], (r, COMPLETED))
    for c in range(ENROLLED, SHARE):
        attacker.equal([(r, c) for r in range(last)], (last, c))
    assert any("exactly 4" in leak for leak in attacker.leaks(5, [[(1, MEN), (2, MEN)]]))


@st.composite
def tabell_tables(draw, with_unstated=False):
    rounds = draw(st.integers(min_value=1, max_value=5))
    rows = []
    for index in range(rounds):
        women = draw(st.integers(min_value=0, max_value=14))
        men = draw(st.integers(min_value=0, max_value=6))
        completed_women = draw(st.integers(min_value=0, max_value=women))
        completed_men = draw(st.integers(min_value=0, max_value=men))
        unstated = draw(st.integers(min_value=0, max_value=1)) if with_unstated else 0
        completed_unstated = draw(st.integers(min_value=0, max_value=unstated))
        counts = (
            women + men + unstated,
            women,
            men,
            completed_women + completed_men + completed_unstated,
            completed_women,
            completed_men,
        )
        rows.append((f"R{index + 1}", counts))
    return rows, draw(st.sampled_from([3, 5]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tabell_tables())
def test_no_generated_tabell_gives_a_small_group_away(generated):
    rows, threshold = generated
    table = _publish(rows, threshold)
    truth = _tabell_grid(rows)
    assert _tabell_attack(table, truth, threshold) == []
    _assert_shares_follow_shown_counts(table)
    for row, true_row in zip([*table.rows, table.total], truth, strict=True):
        for cell, value in zip(row[1:SHARE], true_row[1:], strict=True):
            if not isinstance(cell, Hidden):
                assert cell == value and not (0 < value < threshold)  # shown cells are true and not small


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tabell_tables(with_unstated=True))
def test_no_generated_tabell_with_people_of_unstated_gender_gives_a_small_group_away(generated):
    rows, threshold = generated
    table = _publish(rows, threshold)
    assert _tabell_attack(table, _tabell_grid(rows), threshold, exact=False) == []
    _assert_shares_follow_shown_counts(table)


@st.composite
def count_tables(draw):
    n_rows, n_columns = draw(st.integers(1, 6)), draw(st.integers(1, 4))
    body = [[draw(st.integers(0, 12)) for _ in range(n_columns)] for _ in range(n_rows)]
    return body, draw(st.sampled_from([3, 5]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(count_tables())
def test_no_generated_count_table_with_row_and_column_totals_gives_a_small_group_away(generated):
    body, threshold = generated
    n_columns = len(body[0])
    suppress = Suppressor(threshold)
    truth = [[f"r{i}", *values, sum(values)] for i, values in enumerate(body)]
    truth.append(["Totalt", *(sum(column) for column in zip(*(row[1:] for row in truth), strict=True))])
    table = Table(
        title="t",
        columns=[Column("", Kind.TEXT)] + [Column(str(c)) for c in range(n_columns + 1)],
        rows=[[row[0], *(suppress.count(v) for v in row[1:])] for row in truth[:-1]],
        total=["Totalt", *(suppress.count(v) for v in truth[-1][1:])],
        row_sums={n_columns + 1: tuple(range(1, n_columns + 1))},
    )
    published = [*table.rows, table.total]
    attacker = Attacker(published, truth, range(1, n_columns + 2))
    lines, last = [], len(published) - 1
    for r in range(len(published)):
        parts = [(r, c) for c in range(1, n_columns + 1)]
        attacker.equal(parts, (r, n_columns + 1))
        lines.append(parts)
    for c in range(1, n_columns + 2):
        column = [(r, c) for r in range(last)]
        attacker.equal(column, (last, c))
        lines.append(column)
    assert attacker.leaks(threshold, lines) == []


@pytest.mark.parametrize("threshold", [3, 5])
def test_the_attacker_model_is_the_tables_arithmetic(threshold):
    # With nothing hidden the attacker's equations hold for the true table (so its ranges are sound).
    rows = [("A", (12, 8, 4, 10, 7, 3)), ("B", (9, 9, 0, 5, 5, 0))]
    truth = _tabell_grid(rows)
    table = _publish(rows, 0)
    assert [row[1:SHARE] for row in [*table.rows, table.total]] == [row[1:] for row in truth]
    assert table.rows[0][SHARE] == pytest.approx(drop_out_share(12, 10))
