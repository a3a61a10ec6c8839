"""Complementary suppression: hide more cells until no small group can be worked out from a table."""

from collections.abc import Callable, Iterable

from reports.suppression import cache
from reports.suppression.cells import Hidden
from reports.suppression.disclosure import Line, Position, first_fault, first_pinned, first_solved, is_hidden


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
    summed, at_most = tuple(summed), tuple(at_most)
    grid = [*rows, total] if total is not None else list(rows)

    def equations() -> tuple[list[Line], list[tuple[Position, Position]], Iterable[int]]:
        lines = table_lines(len(rows), has_total=total is not None, summed=summed, row_sums=row_sums)
        bounds = [((r, small), (r, large)) for r in range(len(grid)) for small, large in at_most]
        column_lines = len(summed) if total is not None else 0
        return lines, bounds, () if row_sums_exact else range(column_lines, len(lines))

    # The equations and bounds follow from these arguments and the grid's size, which the grid's key holds.
    structure = ("table", total is not None, summed, sorted((row_sums or {}).items()), at_most, row_sums_exact)
    _protect(grid, equations, together=together, derived=derived, structure=structure)


def protect_cells(
    grid: list[list],
    lines: list[Line],
    *,
    together: Iterable[tuple[int, ...]] = (),
    derived: dict[int, tuple[int, ...]] | None = None,
    at_most: Iterable[tuple[Position, Position]] = (),
    loose: Iterable[int] = (),
    structure: tuple | None = None,
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
    `structure`: what `lines`, `at_most` and `loose` were made from (with the grid's shape), for the cache's key
    in their place; writing out the equations of ten years of rounds cost more than the rest of the key.
    """
    at_most, loose = list(at_most), set(loose)
    if structure is None:
        structure = (lines, at_most, sorted(loose))
    _protect(grid, lambda: (lines, at_most, loose), together=together, derived=derived, structure=structure)


def _protect(
    grid: list[list],
    equations: Callable[[], tuple[list[Line], list[tuple[Position, Position]], Iterable[int]]],
    *,
    together: Iterable[tuple[int, ...]],
    derived: dict[int, tuple[int, ...]] | None,
    structure: tuple,
) -> None:
    """Protect `grid` (see `protect_cells`) by the equations `equations()` gives (lines, bounds, loose lines),
    written out only when the cache does not know the table: ten years of rounds are ~8,000 lines and bounds."""
    together, derived = list(together), derived or {}
    threshold = next((cell.threshold for row in grid for cell in row if isinstance(cell, Hidden)), None)
    if threshold is None:
        return
    digest = cache.key(grid, structure, together, sorted(derived.items()))
    if cache.recall(digest, grid):
        return
    lines, at_most, loose = equations()
    before = [list(row) for row in grid]
    _hide_until_safe(grid, lines, together, derived, list(at_most), set(loose), threshold)
    cache.remember(digest, before, grid)


def _hide_until_safe(
    grid: list[list],
    lines: list[Line],
    together: list[tuple[int, ...]],
    derived: dict[int, tuple[int, ...]],
    at_most: list[tuple[Position, Position]],
    loose: set[int],
    threshold: int,
) -> None:
    """Hide one more cell at a time until no check finds a fault (see `protect_cells`)."""
    while True:
        _hide_together(grid, together, threshold)
        _hide_derived(grid, derived, threshold)
        fault = first_fault(grid, lines, threshold) or first_pinned(grid, lines, at_most, threshold)
        if fault is None and at_most:
            fault = first_solved(grid, lines, at_most, threshold, loose)
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
        touching.sort(key=lambda i: tuple(p for p in lines[i][0] if is_hidden(grid, p)) != fault)
        for i in touching:
            if _hide_in_line(grid, lines[i], threshold):
                return True
        for i in touching:
            tried.add(i)
            parts, total = lines[i]
            reached |= {p for p in (*parts, total) if is_hidden(grid, p)}


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
