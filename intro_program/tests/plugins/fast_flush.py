"""Empty the tables after a transactional test with DELETE rather than Django's TRUNCATE of every table.

Django's TransactionTestCase empties the database after each transactional test (the browser journeys,
the real-worker tests, the concurrency tests) with one `TRUNCATE` of all ~100 tables, which gives every
table and index new files: 3-5 s a test on a loaded two-core machine, where deleting the few rows a test
wrote takes a fraction of a second. The flush here deletes every table's rows, in one transaction with
triggers and foreign-key checks off (`session_replication_role = replica`: the history tables refuse a
DELETE, and as every table is emptied no reference is left dangling). The database ends as empty as after
the TRUNCATE; the sequences go on (as after Django's flush of a test, which does not restart them; a test
that asks for it, `reset_sequences`, gets Django's TRUNCATE).

Setting `session_replication_role` needs a superuser (`postgres`, as `make test` and CI connect); for
another role Django's own flush runs. SQLite is untouched.
"""

import pytest


def _may_turn_triggers_off(connection) -> bool:
    if not hasattr(connection, "_tests_may_turn_triggers_off"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('is_superuser') = 'on'")
            connection._tests_may_turn_triggers_off = cursor.fetchone()[0]
    return connection._tests_may_turn_triggers_off


def _delete_every_row(truncate):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables or not _may_turn_triggers_off(self.connection):
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return [
            "SET LOCAL session_replication_role = replica;",
            *(f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(t))};" for t in sorted(tables)),
            "SET LOCAL session_replication_role = DEFAULT;",
        ]

    sql_flush.truncate = truncate
    return sql_flush


@pytest.fixture(autouse=True, scope="session")
def _flush_by_deleting():
    """Flush PostgreSQL by deleting rows for the whole session (this pytest process; the workers never flush)."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush
    DatabaseOperations.sql_flush = _delete_every_row(truncate)
    yield
    DatabaseOperations.sql_flush = truncate
