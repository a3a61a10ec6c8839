"""Remember what the complementary suppression hid in a table, keyed by everything the hiding reads.

Hiding is a pure function of the table's cells (values, and which are hidden already) and of its
equations and bounds, so the same table needs no second run: a report's page, its Excel, CSV and PDF,
and the next reader of the same period build the same tables. Nothing needs invalidating: a change to
the data changes a count, and so the key. The key is a digest; the cells hidden are kept per process,
the most recent `SIZE` tables and at most `CELLS` hidden cells in all (a worker's memory stays small).
"""

import hashlib
import threading
from collections import OrderedDict
from typing import NamedTuple

from reports.suppression.cells import Hidden

SIZE = 128
CELLS = 100_000

_hidden: OrderedDict[bytes, tuple[tuple[int, int, Hidden], ...]] = OrderedDict()
_lock = threading.Lock()
_cells = [0]  # hidden cells remembered, in all


class _HiddenMark(NamedTuple):
    """A hidden cell as the key writes it: with the withheld count, which Hidden's own repr leaves out."""

    threshold: int
    complementary: bool
    value: int | None


def key(grid: list[list], *structure) -> bytes:
    """Return the digest of the grid's cells (a hidden cell with its withheld count) and the structure."""
    # Every other cell as repr writes it, which tells its type as well (1, 1.0, '1', Decimal('1'), True, None):
    # one repr of the whole grid, rather than a (type name, value) pair built for each of the thousands of cells of
    # the participation report's units, which cost more than recalling the hidden cells saved.
    content = (
        [
            [
                _HiddenMark(cell.threshold, cell.complementary, cell.value) if isinstance(cell, Hidden) else cell
                for cell in row
            ]
            for row in grid
        ],
        structure,
    )
    return hashlib.blake2b(repr(content).encode(), digest_size=20).digest()


def recall(digest: bytes, grid: list[list]) -> bool:
    """Hide in `grid` the cells hidden the last time this table was protected; return whether it was."""
    with _lock:
        found = _hidden.get(digest)
        if found is not None:
            _hidden.move_to_end(digest)
    if found is None:
        return False
    for r, c, mark in found:
        grid[r][c] = mark
    return True


def remember(digest: bytes, before: list[list], after: list[list]) -> None:
    """Keep the cells that protecting the table hid (`before` is a copy of its rows from the start)."""
    hidden = tuple(
        (r, c, cell)
        for r, (old_row, row) in enumerate(zip(before, after, strict=True))
        for c, (old, cell) in enumerate(zip(old_row, row, strict=True))
        if cell is not old
    )
    if len(hidden) > CELLS:
        return
    with _lock:
        _cells[0] += len(hidden) - len(_hidden.pop(digest, ()))
        _hidden[digest] = hidden
        while len(_hidden) > SIZE or _cells[0] > CELLS:
            _cells[0] -= len(_hidden.popitem(last=False)[1])


def forget() -> None:
    """Drop every remembered table (tests that count the work done)."""
    with _lock:
        _hidden.clear()
        _cells[0] = 0
