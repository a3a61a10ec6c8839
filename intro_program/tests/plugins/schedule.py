"""The order in which `make test`'s two workers take the test files: the longest first.

`--dist loadfile` hands each worker a whole file at a time, in the order of the collection, so the run
ends when the worker that took the last long file finishes it. Handed out longest first, the short
files fill in at the end and the two workers finish close together. xdist's own order (most tests
first, `--loadscope-reorder`) put the demo and benchmark modules, a few tests of a minute or more each,
last; pytest.ini turns it off (`--no-loadscope-reorder`) and this plugin orders the files instead.

A file's length is what its `long_running(seconds)` marker says (about how long it takes alone; set it
where a file seeds for half a minute or more), else an estimate from its tests: SECONDS_PER_TEST each,
more for one that drives a browser or starts a real worker (their markers). Only the order matters.
"""

import os

import pytest

SECONDS_PER_TEST = 0.3
# A journey starts a browser page on the live server and checks every page it visits (about 15 s alone);
# a real worker takes seconds to start and the test waits on it.
SECONDS_MORE = {"browser": 15, "worker": 8}


def _test_seconds(item) -> float:
    return SECONDS_PER_TEST + sum(more for name, more in SECONDS_MORE.items() if item.get_closest_marker(name))


def _module_seconds(items) -> float:
    marker = items[0].get_closest_marker("long_running")
    return sum(map(_test_seconds, items)) if marker is None else float(marker.args[0])


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Order the files longest first, in an xdist worker (every worker orders alike; a plain run keeps
    pytest-django's order). A file's tests keep their order (pytest-django's: transactional ones last)."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return
    by_file: dict[str, list] = {}
    for item in items:
        by_file.setdefault(item.nodeid.split("::", 1)[0], []).append(item)
    files = sorted(by_file.values(), key=_module_seconds, reverse=True)  # stable: ties keep pytest's order
    items[:] = [item for file_items in files for item in file_items]
