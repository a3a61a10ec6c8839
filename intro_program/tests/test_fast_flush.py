"""The flush after a transactional test (plugins.fast_flush) empties every table, history tables too."""

import pytest
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

from checklists import services
from checklists.tests.factories import plan_for
from districts.models import Role


def _tables_with_rows() -> list[str]:
    tables = sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quote(t)})" for t in tables), tables)
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_the_flush_deletes_every_row_of_every_table(require_postgres, world):
    item = plan_for(world.hire).items.order_by("pk").first()
    services.plan_item_tick(item_id=item.pk, actor=world.user(Role.ENHETSCHEF), done=True, expected_version=1)
    filled = _tables_with_rows()
    # Append-only history, a published checklist template (its items refuse a DELETE) and the plan's events.
    assert {"districts_historicalstaffmember", "checklists_templateitem", "checklists_planitemevent"} <= set(filled)
    assert "DELETE FROM" in " ".join(connection.ops.sql_flush(no_style(), filled))

    call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)

    assert _tables_with_rows() == []
    with connection.cursor() as cursor:  # the role the flush turned off for its transaction is back
        cursor.execute("SHOW session_replication_role")
        assert cursor.fetchone()[0] == "origin"
