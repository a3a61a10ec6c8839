"""What every app's query-count tests share: a page's SQL queries stay at most 15 and do not grow with the data."""

from collections.abc import Callable, Sequence

from django.db import connection
from django.test.utils import CaptureQueriesContext

MAX_QUERIES_PER_PAGE = 15


def page_queries(client, pages: Sequence[tuple[object, str]]) -> dict[str, int]:
    """Return the number of queries each (user, url) page takes, each warmed once first."""
    counts = {}
    for user, url in pages:
        client.force_login(user)
        assert client.get(url).status_code == 200, url  # warm: per-process caches such as content types
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(captured)
    return counts


def assert_queries_flat(
    client, pages: Sequence[tuple[object, str]], grow: Callable[[], object], *, limit: int | None = MAX_QUERIES_PER_PAGE
) -> dict[str, int]:
    """Assert every page takes at most `limit` queries (15), and the same number after `grow()` added rows."""
    small = page_queries(client, pages)
    grow()
    large = page_queries(client, pages)
    over = {url: count for url, count in large.items() if limit is not None and count > limit}
    assert not over, f"more than {limit} queries: {over}"
    grown = {url: (small[url], count) for url, count in large.items() if count != small[url]}
    assert not grown, f"queries changed with the data (before, after): {grown}"
    return large
