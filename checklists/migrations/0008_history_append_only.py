"""Guard the history tables on PostgreSQL: rows are never deleted, and changed only by anonymisation."""

from django.db import migrations

from districts import audit


def guard(apps, schema_editor):
    audit.guard_history_tables(apps, schema_editor, "checklists")


def unguard(apps, schema_editor):
    audit.unguard_history_tables(apps, schema_editor, "checklists")


class Migration(migrations.Migration):
    dependencies = [("checklists", "0007_tick_history_anonymisable")]

    operations = [migrations.RunPython(guard, unguard)]
