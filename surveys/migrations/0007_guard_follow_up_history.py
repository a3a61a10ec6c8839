"""The follow-up settings' and the non-participation questions' history tables are append-only, as every other."""

from django.db import migrations

from districts import audit


def guard(apps, schema_editor):
    audit.guard_history_tables(apps, schema_editor, "surveys")


def unguard(apps, schema_editor):
    """Leave the older tables guarded: only the tables 0005 added lose their guard."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in ("surveys_historicalfollowupsettings", "surveys_historicalnonparticipationinquiry"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {audit.GUARD_TRIGGER_NAME} ON {table}", params=None)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0006_introduction_evaluation_and_follow_up_schedule")]

    operations = [migrations.RunPython(guard, unguard)]
