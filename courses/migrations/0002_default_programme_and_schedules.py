"""Load the default Del 1 / Del 2 programme for every organisation and schedule the periodic course tasks."""

from django.db import migrations

from courses.programme import install_default_programme

# name -> (task, crontab fields); the schedule lives in django-celery-beat's tables, editable in the admin.
SCHEDULES = {
    "Kurser: planera kommande tolv månader": (
        "courses.tasks.plan_all_organisations",
        {"minute": "15", "hour": "2", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"},
    ),
    "Kurser: påminn deltagare före kurstillfällen": (
        "courses.tasks.send_session_reminders",
        {"minute": "0", "hour": "7", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"},
    ),
    "Kurser: veckopåminnelse om Del 1-tidsgränser": (
        "courses.tasks.send_deadline_reminders",
        {"minute": "30", "hour": "7", "day_of_week": "1", "day_of_month": "*", "month_of_year": "*"},
    ),
}


def load_programme(apps, schema_editor):
    Organisation = apps.get_model("districts", "Organisation")
    Course = apps.get_model("courses", "Course")
    CourseModule = apps.get_model("courses", "CourseModule")
    for organisation_id in Organisation.objects.values_list("pk", flat=True):
        install_default_programme(Course, CourseModule, organisation_id)


def create_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    for name, (task, crontab) in SCHEDULES.items():
        schedule, _created = CrontabSchedule.objects.get_or_create(timezone="Europe/Stockholm", **crontab)
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": schedule, "enabled": True})
    # Tell a running beat that the schedule changed.
    from django.utils import timezone

    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=SCHEDULES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("districts", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(load_programme, migrations.RunPython.noop),
        migrations.RunPython(create_schedules, remove_schedules),
    ]
