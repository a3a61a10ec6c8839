"""Give every existing organisation the default course for 1:e socialsekreterare, "Att introducera och handleda"."""

from django.db import migrations

from courses.programme import install_supervisor_training


def load_training(apps, schema_editor):
    Organisation = apps.get_model("districts", "Organisation")
    Course = apps.get_model("courses", "Course")
    CourseModule = apps.get_model("courses", "CourseModule")
    for organisation_id in Organisation.objects.values_list("pk", flat=True):
        install_supervisor_training(Course, CourseModule, organisation_id)


class Migration(migrations.Migration):
    dependencies = [("courses", "0010_backfill_certificates")]

    operations = [migrations.RunPython(load_training, migrations.RunPython.noop)]
