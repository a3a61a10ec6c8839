"""Schedule the nightly removal of leavers' sessions (django-celery-beat)."""

import json

from django.db import migrations

NAME = "Organisation: avsluta inloggningar för personal som slutat"
TASK = "districts.tasks.end_sessions_of_leavers"


def schedule(apps, schema_editor):
    crontab, _created = apps.get_model("django_celery_beat", "CrontabSchedule").objects.get_or_create(
        minute="5",
        hour="0",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/Stockholm",
    )
    apps.get_model("django_celery_beat", "PeriodicTask").objects.update_or_create(
        name=NAME, defaults={"task": TASK, "crontab": crontab, "enabled": True, "kwargs": json.dumps({})}
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("districts", "0005_schedule_anonymisation"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
