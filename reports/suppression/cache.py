"""Remember what the complementary suppression hid in a table, keyed by everything the hiding reads.

Hiding is a pure function of the table's cells (values, and which are hidden already) and of its
equations and bounds, so the same table needs no second run: a report's page, its Excel, CSV and PDF,
and the next reader of the same period build the same tables. Nothing needs invalidating: a change to
the data changes a count, and so the key. The key is a digest; the cells hidden are kept per process,
the most recent `SIZE` tables and at most `CELLS` hidden cells in all (a worker's memory stays small), and in
the cache the web processes share (settings.CACHES["shared"]: Redis in production), so a table hidden by one
worker is not worked out again by the next (ten years of rounds took a fresh worker over a second). The shared
tier is only a help: when it does not answer, the table is protected here and the page is served.
"""

import hashlib
import logging
import threading
from collections import OrderedDict

from django.core.cache import caches

from reports.suppression.cells import Hidden

logger = logging.getLogger(__name__)
SHARED_CACHE = "shared"
SHARED_SECONDS = 7 * 24 * 3600  # a table's content changes with the data; an old one is seldom asked for again

SIZE = 128
CELLS = 100_000

_hidden: OrderedDict[bytes, tuple[tuple[int, int, Hidden], ...]] = OrderedDict()
_lock = threading.Lock()
_cells = [0]  # hidden cells remembered, in all


def key(grid: list[list], *structure) -> bytes:
    """Return the digest of the grid's cells (a hidden cell with its withheld count) and the structure."""
    # A hidden cell as a plain tuple with the withheld count, which Hidden's own repr leaves out; no other cell is a
    # tuple. A named tuple's constructor cost ten years of rounds' thousands of hidden cells ~1 ms a request.
    # Every other cell as repr writes it, which tells its type as well (1, 1.0, '1', Decimal('1'), True, None):
    # one repr of the whole grid, rather than a (type name, value) pair built for each of the thousands of cells of
    # the participation report's units, which cost more than recalling the hidden cells saved.
    content = (
        [
            [(cell.threshold, cell.complementary, cell.value) if type(cell) is Hidden else cell for cell in row]
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
        found = _shared_get(digest)
        if found is None:
            return False
        _keep(digest, found)
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
    _keep(digest, hidden)
    _shared_set(digest, hidden)


def _keep(digest: bytes, hidden: tuple) -> None:
    with _lock:
        _cells[0] += len(hidden) - len(_hidden.pop(digest, ()))
        _hidden[digest] = hidden
        while len(_hidden) > SIZE or _cells[0] > CELLS:
            _cells[0] -= len(_hidden.popitem(last=False)[1])


_generation = [0]  # bumped by forget(): this process no longer finds what it shared before (nothing is flushed)


def _shared_key(digest: bytes) -> str:
    return f"suppression:{_generation[0]}:{digest.hex()}"


def _shared_get(digest: bytes) -> tuple | None:
    try:
        return caches[SHARED_CACHE].get(_shared_key(digest))
    except Exception:  # noqa: BLE001 - a cache that does not answer costs the work, never the page
        logger.warning("the shared cache did not answer; the table is protected in this process", exc_info=True)
        return None


def _shared_set(digest: bytes, hidden: tuple) -> None:
    try:
        caches[SHARED_CACHE].set(_shared_key(digest), hidden, SHARED_SECONDS)
    except Exception:  # noqa: BLE001 - as in _shared_get
        logger.warning("the shared cache did not answer; the hidden cells are kept in this process", exc_info=True)


def forget(*, shared: bool = True) -> None:
    """Drop every remembered table (tests that count the work done); `shared=False` keeps the shared tier's, as a
    new worker process finds it. The shared cache is not flushed (in production it may be the broker's database):
    this process just stops looking at what it put there."""
    with _lock:
        _hidden.clear()
        _cells[0] = 0
        if shared:
            _generation[0] += 1
