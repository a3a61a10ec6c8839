"""Surveys without a round (the yearly introduction evaluation) and invitations that know their purpose and round.

The copied purpose and round let the database hold "one follow-up per person and round, one introduction
evaluation per person". Existing rows are filled in from their survey first; should an old follow-up have been
sent twice to someone for one round, only the first invitation keeps the purpose (the second stays as it was).
"""

import django.db.models.deletion
from django.db import migrations, models


def fill_in(apps, schema_editor):
    Survey = apps.get_model("surveys", "Survey")
    Invitation = apps.get_model("surveys", "Invitation")
    for survey in Survey.objects.select_related("course_round__course").filter(organisation__isnull=True):
        survey.organisation_id = survey.course_round.course.organisation_id
        survey.save(update_fields=["organisation"])
    seen = set()
    invitations = Invitation.objects.select_related("survey__template").order_by("pk")
    for invitation in invitations.iterator():
        purpose = invitation.survey.template.purpose
        round_id = invitation.survey.course_round_id
        key = (invitation.staff_id, round_id if purpose == "follow_up" else None, purpose)
        if purpose in ("follow_up", "introduction") and key in seen:
            continue
        seen.add(key)
        Invitation.objects.filter(pk=invitation.pk).update(purpose=purpose, course_round_id=round_id)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0008_course_credits"),
        ("districts", "0007_staff_language"),
        ("surveys", "0003_answer_choices_with_random_keys"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="course_round",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="courses.courseround",
            ),
        ),
        migrations.AddField(
            model_name="invitation",
            name="purpose",
            field=models.CharField(
                blank=True,
                choices=[
                    ("evaluation", "Kursutvärdering efter omgången"),
                    ("follow_up", "Uppföljning av hur kunskapen används"),
                    ("introduction", "Utvärdering av hela introduktionen"),
                ],
                max_length=20,
                verbose_name="syfte",
            ),
        ),
        migrations.AddField(
            model_name="survey",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="surveys",
                to="districts.organisation",
                verbose_name="organisation",
            ),
        ),
        migrations.AlterField(
            model_name="survey",
            name="course_round",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="surveys",
                to="courses.courseround",
                verbose_name="kursomgång",
            ),
        ),
        migrations.AlterField(
            model_name="surveytemplate",
            name="purpose",
            field=models.CharField(
                choices=[
                    ("evaluation", "Kursutvärdering efter omgången"),
                    ("follow_up", "Uppföljning av hur kunskapen används"),
                    ("introduction", "Utvärdering av hela introduktionen"),
                ],
                max_length=20,
                verbose_name="syfte",
            ),
        ),
        migrations.RunPython(fill_in, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="invitation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("purpose", "follow_up")),
                fields=("staff", "course_round", "purpose"),
                name="invitation_one_follow_up_per_person_and_round",
            ),
        ),
        migrations.AddConstraint(
            model_name="invitation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("purpose", "introduction")),
                fields=("staff", "purpose"),
                name="invitation_one_introduction_evaluation_per_person",
            ),
        ),
        migrations.AddConstraint(
            model_name="survey",
            constraint=models.UniqueConstraint(
                condition=models.Q(("course_round__isnull", True)),
                fields=("template", "organisation", "opened_on"),
                name="survey_unique_template_per_organisation_year",
            ),
        ),
        migrations.AddConstraint(
            model_name="survey",
            constraint=models.CheckConstraint(
                condition=models.Q(("course_round__isnull", False), ("organisation__isnull", False), _connector="OR"),
                name="survey_has_round_or_organisation",
            ),
        ),
    ]
