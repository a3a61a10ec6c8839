"""One Del 1 per person, moves that keep their history, and no one left "Bokad" on a held round.

Data: every nomination gets its course kind. Legacy rows that the new rules forbid are settled, each with
a NominationEvent and a history row naming the migration as the reason (actor: the system):
- a person with more than one Del 1 nomination booked, waitlisted or completed keeps one (a completed one
  first, else the earliest round) and the others are cancelled;
- on a round already marked held, a waitlisted person is cancelled and a person still booked is settled as
  not completed ("Avbrutit") with reason "Annat", since nobody recorded a completion for them.

Guard (PostgreSQL): a round cannot change to held while someone on it is still booked or waitlisted.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

REASON = "0006: regler för Del 1 och genomförda omgångar"
SETTLED_TEXT = "Utfallet registrerades inte när omgången markerades som genomförd; satt i efterhand."
DUPLICATE_NOTE = "Avbokad i efterhand: personen hade redan en annan Del 1-nominering."
WAITLIST_NOTE = "Omgången genomfördes utan att en plats blev ledig."


def _record(apps, nomination, *, kind, note):
    """Write the event and the history row that a service would have written."""
    apps.get_model("courses", "NominationEvent").objects.create(
        nomination=nomination, kind=kind, actor=None, note=note, at=timezone.now()
    )
    history = apps.get_model("courses", "HistoricalNomination")
    kept = {field.attname for field in history._meta.concrete_fields}  # history leaves out updated_at
    values = {
        field.attname: getattr(nomination, field.attname)
        for field in apps.get_model("courses", "Nomination")._meta.concrete_fields
        if field.attname in kept
    }
    history.objects.create(
        **values, history_date=timezone.now(), history_type="~", history_change_reason=REASON, history_user=None
    )


HELD_GUARD_SQL = """
CREATE OR REPLACE FUNCTION courses_round_held_settled() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM courses_nomination
        WHERE course_round_id = NEW.id AND status IN ('booked', 'waitlisted')
    ) THEN
        RAISE EXCEPTION 'round % marked held with participants still booked or waitlisted', NEW.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS courses_round_held_settled ON courses_courseround;
CREATE TRIGGER courses_round_held_settled BEFORE UPDATE OF status ON courses_courseround
    FOR EACH ROW WHEN (NEW.status = 'held' AND OLD.status IS DISTINCT FROM 'held')
    EXECUTE FUNCTION courses_round_held_settled();
"""
HELD_UNGUARD_SQL = """
DROP TRIGGER IF EXISTS courses_round_held_settled ON courses_courseround;
DROP FUNCTION IF EXISTS courses_round_held_settled();
"""


def guard_held(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(HELD_GUARD_SQL, params=None)


def unguard_held(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(HELD_UNGUARD_SQL, params=None)


def settle(apps, schema_editor):
    Nomination = apps.get_model("courses", "Nomination")
    for kind in ("del1", "del2", "forste_training", "deepening"):
        Nomination.objects.filter(course_round__course__kind=kind).update(course_kind=kind)
    now = timezone.now()
    held = Nomination.objects.filter(course_round__status="held")
    for nomination in held.filter(status="waitlisted"):
        nomination.status, nomination.updated_at = "cancelled", now
        nomination.save(update_fields=["status", "updated_at"])
        _record(apps, nomination, kind="cancelled", note=WAITLIST_NOTE)
    for nomination in held.filter(status="booked"):
        nomination.status, nomination.updated_at = "dropped_out", now
        nomination.drop_out_reason, nomination.drop_out_text = "other", SETTLED_TEXT
        nomination.save(update_fields=["status", "drop_out_reason", "drop_out_text", "updated_at"])
        _record(apps, nomination, kind="dropped_out", note=SETTLED_TEXT)
    rank = {"completed": 0, "booked": 1, "waitlisted": 2}
    held_by_staff: dict[int, list] = {}
    for nomination in Nomination.objects.filter(course_kind="del1", status__in=list(rank)).select_related(
        "course_round"
    ):
        held_by_staff.setdefault(nomination.staff_id, []).append(nomination)
    for nominations in held_by_staff.values():
        if len(nominations) < 2:
            continue
        nominations.sort(key=lambda n: (rank[n.status], n.course_round.starts_on or timezone.now().date(), n.pk))
        for extra in nominations[1:]:
            if extra.status == "completed":
                raise RuntimeError(
                    f"Nomination {extra.pk}: staff {extra.staff_id} completed Del 1 twice; settle it by hand."
                )
            extra.status, extra.updated_at = "cancelled", now
            extra.save(update_fields=["status", "updated_at"])
            _record(apps, extra, kind="cancelled", note=DUPLICATE_NOTE)
    if schema_editor.connection.vendor == "postgresql":
        # Check the deferred foreign keys of the rows written above now, so the index below may be built
        # in the same transaction ("pending trigger events" otherwise).
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0005_history_append_only"),
        ("districts", "0006_schedule_ending_leavers_sessions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalnomination",
            name="course_kind",
            field=models.CharField(
                blank=True,
                choices=[
                    ("del1", "Del 1"),
                    ("del2", "Del 2"),
                    ("forste_training", "Utbildning för 1:e socialsekreterare"),
                    ("deepening", "Fördjupning"),
                ],
                default="",
                editable=False,
                max_length=20,
                verbose_name="kurstyp",
            ),
        ),
        migrations.AddField(
            model_name="historicalnomination",
            name="moved_from",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="courses.nomination",
                verbose_name="flyttad från",
            ),
        ),
        migrations.AddField(
            model_name="nomination",
            name="course_kind",
            field=models.CharField(
                blank=True,
                choices=[
                    ("del1", "Del 1"),
                    ("del2", "Del 2"),
                    ("forste_training", "Utbildning för 1:e socialsekreterare"),
                    ("deepening", "Fördjupning"),
                ],
                default="",
                editable=False,
                max_length=20,
                verbose_name="kurstyp",
            ),
        ),
        migrations.AddField(
            model_name="nomination",
            name="moved_from",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="moved_to",
                to="courses.nomination",
                verbose_name="flyttad från",
            ),
        ),
        migrations.AlterField(
            model_name="nominationevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("nominated", "Nominerad"),
                    ("booked", "Bokad"),
                    ("waitlisted", "Satt på reservlista"),
                    ("promoted", "Fick plats från reservlistan"),
                    ("cancelled", "Avbokad"),
                    ("attended", "Närvarande"),
                    ("completed", "Slutförd"),
                    ("dropped_out", "Avbrutit"),
                    ("moved", "Flyttad"),
                ],
                max_length=20,
                verbose_name="händelse",
            ),
        ),
        migrations.RunPython(settle, migrations.RunPython.noop),
        migrations.RunPython(guard_held, unguard_held),
        migrations.AddConstraint(
            model_name="nomination",
            constraint=models.UniqueConstraint(
                condition=models.Q(("course_kind", "del1"), ("status__in", ["booked", "waitlisted", "completed"])),
                fields=("staff",),
                name="nomination_one_del1_per_staff",
            ),
        ),
    ]
