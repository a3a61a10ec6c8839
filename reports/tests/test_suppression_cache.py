"""What the suppression hid in a table is shared by the web processes (reports.suppression.cache, the "shared"
cache): a new worker recalls a table another worker protected, and a cache that does not answer costs the work,
never the page."""

import pytest

from reports.enrolment import enrolment_table
from reports.suppression import Hidden, Suppressor, cache, complementary
from reports.tests import suppression_tables


@pytest.fixture
def redis_shared(require_redis, settings):
    """The shared cache on a real Redis (the test process's database), as production runs it."""
    import redis

    redis.Redis.from_url(require_redis).flushdb()
    settings.CACHES = {
        **settings.CACHES,
        "shared": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": require_redis},
    }
    cache.forget()
    yield require_redis
    cache.forget()


def _counting_hides(monkeypatch) -> list:
    runs = []
    hide = complementary._hide_until_safe

    def counted(*args):
        runs.append(1)
        return hide(*args)

    monkeypatch.setattr(complementary, "_hide_until_safe", counted)
    return runs


def _ten_years_of_rounds():
    return suppression_tables.rounds(120, seed=7, unstated=0.05)


def test_a_new_worker_recalls_from_redis_what_another_worker_hid(redis_shared, monkeypatch):
    runs = _counting_hides(monkeypatch)
    rows = _ten_years_of_rounds()
    first = enrolment_table(rows, Suppressor(5))
    assert len(runs) == 1
    cache.forget(shared=False)  # a fresh worker: nothing in its own memory, Redis as the first one left it
    again = enrolment_table(rows, Suppressor(5))
    assert len(runs) == 1
    assert (again.rows, again.total) == (first.rows, first.total)
    assert any(isinstance(cell, Hidden) and cell.complementary for row in first.rows for cell in row)


def test_another_table_is_protected_afresh_and_forget_makes_the_process_work_again(redis_shared, monkeypatch):
    runs = _counting_hides(monkeypatch)
    rows = _ten_years_of_rounds()
    enrolment_table(rows, Suppressor(5))
    enrolment_table(rows, Suppressor(3))  # another threshold: other cells hidden, another key
    assert len(runs) == 2
    cache.forget()
    enrolment_table(rows, Suppressor(5))
    assert len(runs) == 3


def test_a_shared_cache_that_does_not_answer_costs_the_work_not_the_page(settings, monkeypatch, caplog):
    settings.CACHES = {
        **settings.CACHES,
        "shared": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    cache.forget()
    runs = _counting_hides(monkeypatch)
    rows = _ten_years_of_rounds()
    expected_rows = None
    for _ in range(2):
        table = enrolment_table(rows, Suppressor(5))
        expected_rows = expected_rows or table.rows
        assert table.rows == expected_rows
    assert len(runs) == 1  # the second came from this process's own memory
    assert "the shared cache did not answer" in caplog.text


def test_the_key_tells_hidden_cells_apart_by_their_withheld_count_and_kind():
    def key(*cells):
        return cache.key([["R1", *cells]], (1,))

    small = Hidden(5, value=2)
    assert key(small) == key(Hidden(5, value=2))
    assert key(small) != key(Hidden(5, value=3))  # another count withheld: the arithmetic hides other cells
    assert key(small) != key(Hidden(5, complementary=True, value=2))
    assert key(small) != key(Hidden(3, value=2))
    assert key(small) != key(2)  # a hidden cell is not the count it withholds
    assert key(small, 7) != key(7, small)
