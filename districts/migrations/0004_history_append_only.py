"""Guard the history tables on PostgreSQL: rows are never deleted, and changed only by anonymisation."""

from django.db import migrations

from districts import audit


def guard(apps, schema_editor):
    audit.guard_history_tables(apps, schema_editor, "districts")


def unguard(apps, schema_editor):
    audit.unguard_history_tables(apps, schema_editor, "districts")


class Migration(migrations.Migration):
    dependencies = [("districts", "0003_audit_history_import_record_retention")]

    operations = [migrations.RunPython(guard, unguard)]
