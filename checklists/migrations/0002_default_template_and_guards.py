"""Load the default Bilaga 3 template for every organisation, and make the database guard published versions."""

from django.db import migrations
from django.utils import timezone

from checklists import bilaga3

GUARDS_SQL = """
CREATE OR REPLACE FUNCTION checklists_refuse_published_change() RETURNS trigger AS $$
DECLARE
    target_version bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN
        target_version := OLD.version_id;
    ELSE
        target_version := NEW.version_id;
    END IF;
    IF EXISTS (SELECT 1 FROM checklists_templateversion WHERE id = target_version AND status <> 'draft')
       OR (TG_OP = 'UPDATE' AND EXISTS (
           SELECT 1 FROM checklists_templateversion WHERE id = OLD.version_id AND status <> 'draft')) THEN
        RAISE EXCEPTION 'published checklist template version % cannot be changed', target_version
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER checklists_templateitem_published_guard
    BEFORE INSERT OR UPDATE OR DELETE ON checklists_templateitem
    FOR EACH ROW EXECUTE FUNCTION checklists_refuse_published_change();
CREATE TRIGGER checklists_templatephase_published_guard
    BEFORE INSERT OR UPDATE OR DELETE ON checklists_templatephase
    FOR EACH ROW EXECUTE FUNCTION checklists_refuse_published_change();

CREATE OR REPLACE FUNCTION checklists_refuse_version_reopen() RETURNS trigger AS $$
BEGIN
    IF OLD.status <> 'draft' AND (NEW.status = 'draft' OR NEW.number <> OLD.number
                                  OR NEW.template_id <> OLD.template_id) THEN
        RAISE EXCEPTION 'published checklist template version % cannot be changed', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER checklists_templateversion_reopen_guard
    BEFORE UPDATE ON checklists_templateversion
    FOR EACH ROW EXECUTE FUNCTION checklists_refuse_version_reopen();

CREATE OR REPLACE FUNCTION checklists_refuse_event_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'plan item history is append-only' USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER checklists_planitemevent_append_only
    BEFORE UPDATE ON checklists_planitemevent
    FOR EACH ROW EXECUTE FUNCTION checklists_refuse_event_update();
"""

DROP_GUARDS_SQL = """
DROP TRIGGER IF EXISTS checklists_planitemevent_append_only ON checklists_planitemevent;
DROP TRIGGER IF EXISTS checklists_templateversion_reopen_guard ON checklists_templateversion;
DROP TRIGGER IF EXISTS checklists_templatephase_published_guard ON checklists_templatephase;
DROP TRIGGER IF EXISTS checklists_templateitem_published_guard ON checklists_templateitem;
DROP FUNCTION IF EXISTS checklists_refuse_event_update();
DROP FUNCTION IF EXISTS checklists_refuse_version_reopen();
DROP FUNCTION IF EXISTS checklists_refuse_published_change();
"""


def add_guards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GUARDS_SQL, params=None)


def drop_guards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_GUARDS_SQL, params=None)


def load_default_template(apps, schema_editor):
    now = timezone.now()
    for organisation in apps.get_model("districts", "Organisation").objects.all():
        bilaga3.install(
            organisation_id=organisation.pk, get_model=lambda name: apps.get_model("checklists", name), now=now
        )


class Migration(migrations.Migration):
    dependencies = [
        ("checklists", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(add_guards, drop_guards),
        migrations.RunPython(load_default_template, migrations.RunPython.noop),
    ]
