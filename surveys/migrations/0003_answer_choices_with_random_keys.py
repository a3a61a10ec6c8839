"""Keep picked options in a table with random keys: the automatic M2M table's increasing ids would tell in
which order answers arrived, and with the invitations' answered_at, whose they are."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0002_default_surveys_and_reminder_schedule"),
    ]

    operations = [
        migrations.RemoveField(model_name="answer", name="choices"),
        migrations.CreateModel(
            name="AnswerChoice",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                (
                    "answer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="picks", to="surveys.answer"
                    ),
                ),
                (
                    "choice",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="picks", to="surveys.choice"
                    ),
                ),
            ],
            options={"verbose_name": "valt alternativ", "verbose_name_plural": "valda alternativ"},
        ),
        migrations.AddConstraint(
            model_name="answerchoice",
            constraint=models.UniqueConstraint(fields=("answer", "choice"), name="answer_choice_unique"),
        ),
        migrations.AddField(
            model_name="answer",
            name="choices",
            field=models.ManyToManyField(
                blank=True, related_name="answers", through="surveys.AnswerChoice", to="surveys.choice"
            ),
        ),
    ]
