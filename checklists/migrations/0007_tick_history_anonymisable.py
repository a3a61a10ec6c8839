"""Let anonymisation replace the note of a tick, and nothing else: the tick history stays append-only.

The guard of migration 0002 refused every update. Now an update passes only when the transaction
declares itself as anonymisation (`SET LOCAL intro.anonymising = 'on'`, checklists.personal_data)
and changes no column but the note.
"""

from django.db import migrations

GUARD_SQL = """
CREATE OR REPLACE FUNCTION checklists_refuse_event_update() RETURNS trigger AS $$
BEGIN
    IF current_setting('intro.anonymising', true) = 'on'
        AND (NEW.id, NEW.item_id, NEW.actor_id, NEW.at, NEW.old_done, NEW.new_done, NEW.source, NEW.reference,
             NEW.description)
        IS NOT DISTINCT FROM
            (OLD.id, OLD.item_id, OLD.actor_id, OLD.at, OLD.old_done, OLD.new_done, OLD.source, OLD.reference,
             OLD.description)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'plan item history is append-only' USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""

STRICT_GUARD_SQL = """
CREATE OR REPLACE FUNCTION checklists_refuse_event_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'plan item history is append-only' USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""


def allow_anonymisation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GUARD_SQL, params=None)


def refuse_every_update(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(STRICT_GUARD_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [("checklists", "0006_audit_history_protect_plans")]

    operations = [migrations.RunPython(allow_anonymisation, refuse_every_update)]
