"""Rows seeded once for a test module and rolled back at its end (the `seed_for_module` fixture).

Seeding the demo takes tens of seconds; a module whose tests all read the same demo seeds it once:

    @pytest.fixture(scope="module")
    def seeded(seed_for_module, module_clock):
        yield from seed_for_module(lambda: demo.seed(..., today=module_clock))

The rows are written in a transaction that stays open while the module runs and is rolled back at its end,
so no other module (in the same xdist worker) ever sees them. Each test (marked `django_db`) runs in a
savepoint inside that transaction and rolls back its own writes, so the module's tests do not see each
other's writes either. pytest-django wraps tests in higher-scoped transactions on purpose (its
`PytestDjangoTestCase` does not close the connection after a test, as Django's TestCase class does).

A module that uses it holds no transactional test (`transaction=True`, `live_server`, `celery_worker`):
such a test would truncate the tables inside the open transaction.
"""

from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest
from django.db import connection, transaction

T = TypeVar("T")


def _seeded_once(django_db_blocker, seed: Callable[[], T]) -> Iterator[T]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            value = seed()
            # Check the seed's deferred foreign keys now, once, rather than again at the end of every test.
            connection.check_constraints()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield value
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="session")
def seed_for_module(django_db_setup, django_db_blocker):
    """`yield from seed_for_module(seed)` in a module-scoped fixture: run `seed()` in a transaction held open
    until the module's end, yield what it returns, then roll the transaction back."""

    def seeded_once(seed: Callable[[], T]) -> Iterator[T]:
        return _seeded_once(django_db_blocker, seed)

    return seeded_once
