"""Each plan counts its items in profile and those done (kept by the services), filled here from the items."""

from django.db import migrations, models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce


def fill_counters(apps, schema_editor):
    plan_model = apps.get_model("checklists", "IntroductionPlan")
    item_model = apps.get_model("checklists", "PlanItem")

    def counted(condition):
        return Coalesce(
            Subquery(
                item_model.objects.filter(condition, plan=OuterRef("pk"))
                .order_by()
                .values("plan")
                .annotate(count=Count("pk"))
                .values("count")
            ),
            0,
        )

    plan_model.objects.update(
        items_in_profile=counted(Q(in_profile=True)), items_done=counted(Q(in_profile=True, done=True))
    )


class Migration(migrations.Migration):
    dependencies = [("checklists", "0011_plan_export_parts")]

    operations = [
        migrations.AddField(
            model_name="introductionplan",
            name="items_in_profile",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="introductionplan",
            name="items_done",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(fill_counters, migrations.RunPython.noop),
    ]
