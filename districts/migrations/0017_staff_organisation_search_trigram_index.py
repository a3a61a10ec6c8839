"""A trigram index of the staff's joined name and work e-mail within their organisation (districts.search), on
PostgreSQL only.

staff_search_trgm_idx finds a word's candidates in every organisation: on the national seed "lind" gives 3,125, of
which 1,933 are other organisations' staff, each read from the table (1,014 pages) to be dropped. With the
organisation as the index's first column (btree_gin) only the reader's own 1,192 are read (379 pages). PostgreSQL
15's btree_gin compares a bigint column with a bigint only, so the staff list states its organisation as one
(districts.selectors.staff_list). Like 0013, not in the models' state (PostgreSQL-only operator classes)."""

from django.db import migrations

INDEX = "staff_org_search_trgm_idx"
# The expression of 0013's index (districts.search.StaffSearchText, upper-cased as icontains does), after the
# organisation.
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON districts_staffmember USING gin "
    "(organisation_id, (UPPER((first_name || ' ' || last_name || ' ' || work_email)::text)) gin_trgm_ops)"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("districts", "0016_organisation_counts_kept_by_version")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
