"""Schedule the nightly anonymisation of people who left long enough ago (django-celery-beat)."""

import json

from django.db import migrations

NAME = "Personal: anonymisera den som slutade för länge sedan"
TASK = "districts.tasks.anonymise_leavers"


def schedule(apps, schema_editor):
    crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _created = crontab_model.objects.get_or_create(
        minute="30",
        hour="2",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/Stockholm",
    )
    task_model.objects.update_or_create(
        name=NAME, defaults={"task": TASK, "crontab": crontab, "enabled": True, "kwargs": json.dumps({})}
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("districts", "0004_history_append_only"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
