"""Schedule the daily reminder emails and the hourly removal of expired export files (django-celery-beat)."""

import json

from django.db import migrations

TASKS = [
    # (name, task, crontab minute, crontab hour)
    ("Introduktionsplaner: dagliga påminnelser", "checklists.tasks.send_due_reminders", "0", "6"),
    ("Introduktionsplaner: ta bort gamla exporter", "checklists.tasks.remove_expired_exports", "15", "*"),
]


def schedule(apps, schema_editor):
    crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, minute, hour in TASKS:
        crontab, _created = crontab_model.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Europe/Stockholm",
        )
        task_model.objects.update_or_create(
            name=name, defaults={"task": task, "crontab": crontab, "enabled": True, "kwargs": json.dumps({})}
        )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[name for name, *_ in TASKS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("checklists", "0002_default_template_and_guards"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
