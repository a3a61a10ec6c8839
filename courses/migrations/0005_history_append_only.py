"""Guard the history tables on PostgreSQL: rows are never deleted, and changed only by anonymisation."""

from django.db import migrations

from districts import audit


def guard(apps, schema_editor):
    audit.guard_history_tables(apps, schema_editor, "courses")


def unguard(apps, schema_editor):
    audit.unguard_history_tables(apps, schema_editor, "courses")


class Migration(migrations.Migration):
    dependencies = [("courses", "0004_audit_history_protect_records")]

    operations = [migrations.RunPython(guard, unguard)]
