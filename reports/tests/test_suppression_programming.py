"""The fast linear-programming check finds what the reference finds, with few programmes, each over one part.

`disclosure.first_solved` solves part by part and skips the groups its solutions already show open;
`suppression_reference.first_solved_exact` is the check as first written (two dense programmes per
small hidden group over the whole table). On any table and any pattern of hidden cells they must
report the same group, and a protected table must come out the same cell for cell.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.enrolment import enrolment_table
from reports.suppression import Hidden, Suppressor, cache, complementary, disclosure, programming, table_lines
from reports.tests import suppression_reference, suppression_tables

COUNTED = range(1, 7)  # enrolled, women, men, completed, completed women, completed men
ROW_SUMS = {1: (2, 3), 4: (5, 6)}
AT_MOST = ((4, 1), (5, 2), (6, 3))


@pytest.fixture(autouse=True)
def _no_remembered_tables():
    cache.forget()  # each table here is protected afresh, by the code under test


def _tabell_system(rows: list[tuple[int, ...]]):
    grid = [["r", *counts, None] for counts in rows]
    grid.append(["Totalt", *(sum(counts[i] for counts in rows) for i in range(6)), None])
    lines = table_lines(len(rows), has_total=True, summed=COUNTED, row_sums=ROW_SUMS)
    at_most = [((r, small), (r, large)) for r in range(len(grid)) for small, large in AT_MOST]
    return grid, lines, at_most


@st.composite
def hidden_tabells(draw):
    """A Tabell 1/2 grid with any cells hidden (not necessarily a protected one), and its threshold."""
    rows = []
    for _ in range(draw(st.integers(1, 6))):
        women, men, unstated = draw(st.integers(0, 14)), draw(st.integers(0, 6)), draw(st.integers(0, 1))
        done_women, done_men = draw(st.integers(0, women)), draw(st.integers(0, men))
        done_unstated = draw(st.integers(0, unstated))
        rows.append((women + men + unstated, women, men, done_women + done_men + done_unstated, done_women, done_men))
    threshold = draw(st.sampled_from([3, 5]))
    grid, lines, at_most = _tabell_system(rows)
    for row in grid:
        for c in COUNTED:
            if draw(st.booleans()):
                row[c] = Hidden(threshold, complementary=not (0 < row[c] < threshold), value=row[c])
    loose = set(range(len(COUNTED), len(lines)))  # the row sums, as the enrolment table gives them
    return grid, lines, at_most, threshold, loose


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hidden_tabells())
def test_the_fast_check_reports_the_group_the_reference_reports(generated):
    grid, lines, at_most, threshold, loose = generated
    if not any(isinstance(cell, Hidden) for row in grid for cell in row):
        assert disclosure.first_solved(grid, lines, at_most, threshold, loose) is None  # the reference needs one
        return
    expected = suppression_reference.first_solved_exact(grid, lines, at_most, threshold, loose)
    assert disclosure.first_solved(grid, lines, at_most, threshold, loose) == expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hidden_tabells())
def test_the_bounds_check_reports_the_cell_the_reference_reports(generated):
    grid, lines, at_most, threshold, _loose = generated
    expected = suppression_reference.first_pinned_exact(grid, lines, at_most, threshold)
    assert disclosure.first_pinned(grid, lines, at_most, threshold) == expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 12), st.integers(0, 10_000), st.sampled_from([0.0, 0.05]), st.sampled_from([3, 5]))
def test_a_protected_tabell_comes_out_the_same_with_the_reference(n_rounds, seed, unstated, threshold):
    rows = suppression_tables.rounds(n_rounds, seed=seed, unstated=unstated)
    cache.forget()
    fast = enrolment_table(rows, Suppressor(threshold))
    cache.forget()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(complementary, "first_solved", suppression_reference.first_solved_exact)
        reference = enrolment_table(rows, Suppressor(threshold))
    assert fast.rows == reference.rows and fast.total == reference.total


class Programmes:
    """Count the linear programmes solved and the largest number of cells any of them is over."""

    def __init__(self, patch):
        self.count, self.largest, linprog = 0, 0, programming.linprog

        def counted(objective, **kwargs):
            self.count += 1
            self.largest = max(self.largest, len(objective))
            return linprog(objective, **kwargs)

        patch.setattr(programming, "linprog", counted)


@pytest.mark.parametrize("n_rounds", [120, 480])
def test_a_long_tabell_takes_a_bounded_number_of_programmes(monkeypatch, n_rounds):
    # Ten years of rounds: every small hidden group would take two programmes of its own, each over the
    # whole table. Here the count stays that of a few pushes, whatever the number of rounds.
    programmes = Programmes(monkeypatch)
    table = enrolment_table(suppression_tables.rounds(n_rounds), Suppressor(5))
    grid = [*table.rows, table.total]
    hidden = sum(isinstance(row[c], Hidden) for row in grid for c in COUNTED)
    small = sum(row[c] == Hidden(5) for row in grid for c in COUNTED)
    assert small > n_rounds / 2  # most rounds have fewer than five men: hundreds of groups to ask about
    feasibility, pushes = 1, 2 * programming._BATCH_ROUNDS
    assert programmes.count <= feasibility + pushes + 2 * 8  # at most eight groups left to ask on their own
    assert programmes.largest <= hidden


def test_each_programme_is_over_one_independent_part_only(monkeypatch):
    # Without a totals row the rounds share no line: each round is its own part, and no programme is over
    # more cells than one round has.
    programmes = Programmes(monkeypatch)
    counts = ((9, 7, 2, 8, 6, 2), (14, 11, 3, 12, 10, 2), (8, 6, 2, 4, 4, 0))
    hide = (1, 2, 4, 5)  # enrolled, women, completed, completed women: the men's 2, 3, 2 and 2, 2, 0 shown
    grid = [
        ["r", *(Hidden(5, not (0 < v < 5), v) if c in hide else v for c, v in enumerate(row, start=1)), None]
        for row in counts
    ]
    lines = table_lines(len(grid), has_total=False, row_sums=ROW_SUMS)
    at_most = [((r, small), (r, large)) for r in range(len(grid)) for small, large in AT_MOST]
    expected = suppression_reference.first_solved_exact(grid, lines, at_most, 5, set())
    assert disclosure.first_solved(grid, lines, at_most, 5, set()) == expected
    assert programmes.count > 0 and programmes.largest <= 4  # a round's hidden enrolled, women, completed, men


def test_parts_are_the_cells_that_rows_link():
    rows = [({0: 1, 1: -1}, 0.0), ({2: 1}, -3.0), ({1: 1, 3: 1}, -4.0)]
    parts = programming.parts_of(5, rows)
    assert sorted(sorted(part.variables) for part in parts) == [[0, 1, 3], [2], [4]]
    assert sorted(sorted(part.rows) for part in parts) == [[], [0, 2], [1]]


def test_a_table_protected_again_is_hidden_the_same_without_solving_again(monkeypatch):
    rows = suppression_tables.rounds(40, seed=7)
    first = enrolment_table(rows, Suppressor(5))
    programmes = Programmes(monkeypatch)
    again = enrolment_table(rows, Suppressor(5))
    assert (again.rows, again.total) == (first.rows, first.total) and programmes.count == 0
    # One count more in one round is another table: protected afresh, not served the old cells.
    label, counts, held = rows[3]
    rows[3] = (
        label,
        {**counts, "enrolled": counts["enrolled"] + 1, "enrolled_women": counts["enrolled_women"] + 1},
        held,
    )
    changed = enrolment_table(rows, Suppressor(5))
    assert programmes.count > 0 and changed.rows[3][1] == counts["enrolled"] + 1


def test_the_same_cells_with_other_equations_are_protected_afresh():
    # A total of 1 + 4: with the column summed, the 4 would give the hidden 1 away; without, it may show.
    def protect(summed):
        rows, total = [["a", Hidden(5, value=1)], ["b", 4]], ["Totalt", 5]
        complementary.protect_table(rows, total, summed=summed)
        return rows

    assert isinstance(protect((1,))[1][1], Hidden)
    assert protect(())[1][1] == 4
    assert isinstance(protect((1,))[1][1], Hidden)


def test_the_remembered_tables_stay_within_their_cells(monkeypatch):
    monkeypatch.setattr(cache, "CELLS", 5)
    for n in range(4):
        before = [[n, 1, 2]]
        cache.remember(cache.key(before), before, [[n, Hidden(5), Hidden(5, True)]])
    assert cache._cells[0] <= 5 and len(cache._hidden) == 2  # the two oldest went
    newest = [[3, 1, 2]]
    assert cache.recall(cache.key(newest), newest) and newest == [[3, Hidden(5), Hidden(5, True)]]
    oldest = [[0, 1, 2]]
    assert cache.key(oldest) not in cache._hidden  # gone from this process's memory ...
    assert cache.recall(cache.key(oldest), oldest) and oldest == [[0, Hidden(5), Hidden(5, True)]]  # ... not shared
    cache.forget()
    oldest = [[0, 1, 2]]
    assert not cache.recall(cache.key(oldest), oldest) and oldest == [[0, 1, 2]]
