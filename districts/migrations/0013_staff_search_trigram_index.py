"""A trigram index of the staff's joined name and work e-mail (districts.search), on PostgreSQL only.

`make run` on SQLite has no trigrams: there the search reads the rows, as before. The index is not in the models'
state (a GIN index with an operator class is PostgreSQL-only), so the operation is the same on both vendors."""

from django.db import migrations

INDEX = "staff_search_trgm_idx"
# The expression districts.search.StaffSearchText compiles to, upper-cased as an icontains lookup does.
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON districts_staffmember USING gin "
    "((UPPER((first_name || ' ' || last_name || ' ' || work_email)::text)) gin_trgm_ops)"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("districts", "0012_staff_organisation_unit_index")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
