import django.db.models.deletion
from django.db import migrations, models


def make_rows(apps, schema_editor):
    """Give every organisation its row (a write only bumps an existing row: one made later could miss a write)."""
    organisation_model = apps.get_model("districts", "Organisation")
    counts_model = apps.get_model("checklists", "PlanOverviewCounts")
    counts_model.objects.bulk_create(
        [counts_model(organisation_id=pk) for pk in organisation_model.objects.values_list("pk", flat=True)]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("checklists", "0017_plan_last_due_date"),
        ("districts", "0016_organisation_counts_kept_by_version"),
    ]

    operations = [
        migrations.CreateModel(
            name="PlanOverviewCounts",
            fields=[
                (
                    "organisation",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="districts.organisation",
                    ),
                ),
                ("version", models.PositiveBigIntegerField(default=0)),
                ("kept", models.JSONField(default=dict)),
            ],
        ),
        migrations.RunPython(make_rows, migrations.RunPython.noop),
    ]
