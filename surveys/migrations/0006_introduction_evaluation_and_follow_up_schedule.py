"""Load the shared introduction evaluation and schedule the daily follow-up task in django-celery-beat."""

from django.db import migrations

from surveys.defaults import install_default_surveys

FOLLOW_UP_TASK_NAME = "Uppföljning: enkäter efter omgångar och introduktionen, frågor till enheter som inte deltog"


def load_surveys(apps, schema_editor):
    install_default_surveys(
        apps.get_model("surveys", "SurveyTemplate"),
        apps.get_model("surveys", "Question"),
        apps.get_model("surveys", "Choice"),
    )


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    schedule, _created = CrontabSchedule.objects.get_or_create(
        timezone="Europe/Stockholm", minute="30", hour="7", day_of_week="*", day_of_month="*", month_of_year="*"
    )
    PeriodicTask.objects.get_or_create(
        name=FOLLOW_UP_TASK_NAME,
        defaults={"task": "surveys.tasks.send_due_follow_ups", "crontab": schedule, "enabled": True},
    )
    from django.utils import timezone

    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=FOLLOW_UP_TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0005_follow_up_settings_and_non_participation"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(load_surveys, migrations.RunPython.noop),
        migrations.RunPython(create_schedule, remove_schedule),
    ]
