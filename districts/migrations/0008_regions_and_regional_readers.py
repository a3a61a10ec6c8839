"""Regions (regional associations of municipalities) grouping organisations, and the logins that read their reports."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from districts import audit


def guard(apps, schema_editor):
    audit.guard_history_tables(apps, schema_editor, "districts")


class Migration(migrations.Migration):
    dependencies = [
        ("districts", "0007_staff_language"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Region",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, unique=True, verbose_name="namn")),
                ("slug", models.SlugField(max_length=60, unique=True, verbose_name="kortnamn")),
            ],
            options={
                "verbose_name": "region",
                "verbose_name_plural": "regioner",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalRegion",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("name", models.CharField(db_index=True, max_length=200, verbose_name="namn")),
                ("slug", models.SlugField(max_length=60, verbose_name="kortnamn")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical region",
                "verbose_name_plural": "historical regioner",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalRegionalReader",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="inloggning",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="districts.region",
                        verbose_name="region",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical regional läsare",
                "verbose_name_plural": "historical regionala läsare",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="historicalorganisation",
            name="region",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="districts.region",
                verbose_name="region",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="region",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="organisations",
                to="districts.region",
                verbose_name="region",
            ),
        ),
        migrations.CreateModel(
            name="RegionalReader",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="readers",
                        to="districts.region",
                        verbose_name="region",
                    ),
                ),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="regional_reader",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="inloggning",
                    ),
                ),
            ],
            options={
                "verbose_name": "regional läsare",
                "verbose_name_plural": "regionala läsare",
            },
        ),
        migrations.RunPython(guard, migrations.RunPython.noop),
    ]
