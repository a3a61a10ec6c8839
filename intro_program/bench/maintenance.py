"""The database's own work around the seed's bulk load: plain indexes built after it, then VACUUM ANALYZE.

Each statement keeps to one core, so both are shared out over several connections, largest table first.
"""

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from django.db import connection, models

# The plain indexes of these tables: neither unique nor behind a constraint, so they check nothing.
_PLAIN_INDEXES = """
    SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), i.indrelid::regclass::text
    FROM pg_index i
    WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisunique AND NOT i.indisprimary
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
"""


@contextmanager
def plain_indexes_built_after(tables: list[type[models.Model]], *, workers: int = 1) -> Iterator[None]:
    """Drop the plain indexes of these models' tables for the block, then build each again from its definition.

    One build from the loaded rows costs less than keeping the index up to date row by row: at the seed's
    scale the plain indexes were most of PostgreSQL's time in COPY. Unique indexes and constraints stay,
    so every row is still checked as it is written. PostgreSQL only; elsewhere nothing changes.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(_PLAIN_INDEXES, [[model._meta.db_table for model in tables]])
        indexes = cursor.fetchall()
        for name, _definition, _table in indexes:
            cursor.execute(f"DROP INDEX {name}")
    try:
        yield
    finally:
        run_shared([(definition, table) for _name, definition, table in indexes], workers=workers)


def vacuum_analyze(*, workers: int = 1) -> None:
    """Give every table its statistics and visibility map, as autovacuum keeps a live database's."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT oid::regclass::text FROM pg_class WHERE relkind IN ('r', 'm')")
        tables = [table for (table,) in cursor.fetchall()]
    run_shared([(f"VACUUM ANALYZE {table}", table) for table in tables], workers=workers)


def run_shared(statements: list[tuple[str, str]], *, workers: int) -> None:
    """Run (statement, table it works on) pairs over `workers` connections, each taking the most bytes left.

    With one worker they run on this connection, inside its transaction if it has one (a test's).
    """
    if workers <= 1:
        with connection.cursor() as cursor:
            for statement, _table in statements:
                cursor.execute(statement)
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t, pg_total_relation_size(t::regclass) FROM unnest(%s::text[]) t",
            [sorted({table for _statement, table in statements})],
        )
        sizes = dict(cursor.fetchall())
    shares: list[list[str]] = [[] for _ in range(workers)]
    loads = [0] * workers
    for statement, table in sorted(statements, key=lambda pair: -sizes[pair[1]]):
        lightest = loads.index(min(loads))
        shares[lightest].append(statement)
        loads[lightest] += sizes[table]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for done in [pool.submit(_run, share) for share in shares]:
            done.result()


def _run(statements: list[str]) -> None:
    try:
        with connection.cursor() as cursor:  # this thread's own connection
            for statement in statements:
                cursor.execute(statement)
    finally:
        connection.close()
