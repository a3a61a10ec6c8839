"""The demo shows the end of the introduction: hires past their second year answer its evaluation, which ticks
their plan's item by the real path (the answer's signal, intro_program.receivers), and the answers stay
anonymous."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from checklists.bilaga3 import INTRODUCTION_EVALUATION_TITLE
from checklists.models import EventSource, PlanItem
from districts import clock
from districts.models import StaffMember
from districts.selectors import new_hire_cutoff
from surveys.models import Answer, Invitation, Response, SurveyPurpose

pytestmark = pytest.mark.django_db


def test_the_demos_hires_past_their_second_year_tick_their_evaluation_by_answering_it_anonymously(
    django_capture_on_commit_callbacks,
):
    from surveys.tests.factories import default_evaluation

    default_evaluation()  # installed by a data migration, which a flushing test before this one may have removed
    with django_capture_on_commit_callbacks(execute=True):  # the answer's signal is sent on commit
        call_command("seed_demo", "--staff", "200", stdout=io.StringIO())
    second_year_ended = new_hire_cutoff(today=clock.today())
    invited = Invitation.objects.filter(purpose=SurveyPurpose.INTRODUCTION, staff__organisation__slug="goteborg")
    items = PlanItem.objects.filter(
        plan__staff__organisation__slug="goteborg", template_item__title=INTRODUCTION_EVALUATION_TITLE
    )
    finished = items.filter(plan__staff__employment_start__lt=second_year_ended)
    # The demo's hires who ended their second year with a plan were all asked; some answered, some not yet.
    assert finished.count() >= 2
    assert set(finished.values_list("plan__staff_id", flat=True)) <= set(invited.values_list("staff_id", flat=True))
    answered = set(invited.filter(answered_at__isnull=False).values_list("staff_id", flat=True))
    ticked = finished.filter(done=True)
    assert ticked.exists()
    # Ticked exactly for those who answered, each by the survey and by nobody's hand.
    assert set(ticked.values_list("plan__staff_id", flat=True)) == answered & set(
        finished.values_list("plan__staff_id", flat=True)
    )
    for item in ticked:
        event = item.events.get(new_done=True)
        assert (event.source, event.actor_id, event.reference) == (EventSource.AUTOMATIC, None, "survey:introduction")
    # No item of a hire still in their first two years is ticked by the evaluation.
    assert not items.filter(plan__staff__employment_start__gte=second_year_ended, done=True).exists()

    # Anonymous: one response per answer, and nothing stored with a response or an answer leads to a person.
    survey_ids = set(invited.values_list("survey_id", flat=True))
    assert Response.objects.filter(survey__in=survey_ids).count() == invited.filter(answered_at__isnull=False).count()
    for model in (Response, Answer):
        related = {field.related_model for field in model._meta.get_fields() if field.is_relation}
        assert not related & {Invitation, StaffMember}, model
        columns = {
            column.name
            for column in connection.introspection.get_table_description(connection.cursor(), model._meta.db_table)
        }
        assert not {"staff_id", "invitation_id", "created_at", "answered_at", "user_id"} & columns, model
