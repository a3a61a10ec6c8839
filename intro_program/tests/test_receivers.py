"""The receiver that joins surveys and checklists: answering the introduction evaluation ticks the plan's item."""

import pytest
from dateutil.relativedelta import relativedelta

from checklists import services as checklist_services
from checklists.bilaga3 import AUTOMATIC_SOURCES, INTRODUCTION_EVALUATION_TITLE, ITEMS
from checklists.models import AutomaticSource, PlanItem
from checklists.tests.factories import ensure_default_template, plan_for
from districts import clock
from districts.tests.factories import OrganisationFactory, StaffMemberFactory, UnitFactory, UserFactory
from surveys import tasks
from surveys.models import Invitation, Response, SurveyPurpose
from surveys.tests.factories import default_template

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    default_template(SurveyPurpose.INTRODUCTION)
    return OrganisationFactory()


def hire(organisation, *, started):
    return StaffMemberFactory(unit=UnitFactory(district__organisation=organisation), employment_start=started)


def send_due(capture):
    with capture(execute=True):
        return tasks.send_due_follow_ups()


def test_answering_the_introduction_evaluation_ticks_the_plan_item_and_keeps_the_answer_anonymous(
    organisation, client, django_capture_on_commit_callbacks
):
    started = clock.today() - relativedelta(years=2)
    staff = hire(organisation, started=started)
    plan_for(staff, start=started)
    send_due(django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get(staff=staff, purpose=SurveyPurpose.INTRODUCTION)
    item = PlanItem.objects.get(plan__staff=staff, template_item__title=INTRODUCTION_EVALUATION_TITLE)
    assert not item.done

    questions = list(invitation.survey.template.questions.order_by("order"))
    answers = {f"q{questions[0].pk}": "4", f"q{questions[4].pk}": "ja"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/utvardering/svar/{invitation.token}/", answers)
    assert response.status_code == 200 and "Tack för dina svar" in response.content.decode()

    item.refresh_from_db()
    assert item.done
    event = item.events.order_by("-pk").first()
    assert event.reference == "survey:introduction"
    stored = Response.objects.get(survey=invitation.survey)
    assert str(stored.pk) not in event.reference + event.description
    assert not any(field.is_relation and field.related_model is Invitation for field in Response._meta.get_fields())


def test_the_shared_default_introduction_item_is_the_one_the_answer_ticks():
    assert INTRODUCTION_EVALUATION_TITLE in [title for _phase, title, *_rest in ITEMS]


def test_the_answer_still_ticks_the_item_after_a_coordinator_renames_it(
    organisation, client, django_capture_on_commit_callbacks
):
    coordinator = UserFactory()
    template = ensure_default_template(organisation).template
    draft = checklist_services.template_version_draft(template=template, actor=coordinator)
    item = draft.items.get(automatic_source=AutomaticSource.INTRODUCTION_EVALUATION)
    checklist_services.template_item_update(item=item, title="Utvärdera introduktionen")
    checklist_services.template_version_publish(version=draft, actor=coordinator)
    started = clock.today() - relativedelta(years=2)
    staff = hire(organisation, started=started)
    plan = plan_for(staff, start=started)
    assert plan.template_version == draft
    send_due(django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get(staff=staff, purpose=SurveyPurpose.INTRODUCTION)

    questions = list(invitation.survey.template.questions.order_by("order"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/utvardering/svar/{invitation.token}/", {f"q{questions[0].pk}": "4", f"q{questions[4].pk}": "ja"})

    renamed = PlanItem.objects.get(plan=plan, title="Utvärdera introduktionen")
    assert renamed.done
    assert renamed.events.get().reference == "survey:introduction"


def test_the_default_names_the_two_automatic_items_by_their_source():
    sources = AUTOMATIC_SOURCES
    assert sources[INTRODUCTION_EVALUATION_TITLE] == AutomaticSource.INTRODUCTION_EVALUATION
    assert set(sources.values()) == set(AutomaticSource.values)
    assert set(sources) <= {title for _phase, title, *_rest in ITEMS}
