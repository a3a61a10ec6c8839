import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from checklists import services as checklist_services
from checklists.models import AutomaticSource, EventSource
from checklists.tests.factories import ensure_default_template
from competence import selectors, services
from competence.models import CompetenceReview, CreditEntry
from competence.tests.factories import completed_course, hire_with_plan
from districts import clock
from districts.models import CompetenceLevel, Role

pytestmark = pytest.mark.django_db


def _review_item(plan):
    return plan.items.get(title__startswith=services.REVIEW_ITEM_TITLE)


def test_a_review_records_what_it_rests_on_sets_the_level_and_ticks_the_plan_item(world):
    plan = hire_with_plan(world.hire, years_ago=2.1)
    completed_course(world.hire, credits=Decimal("7.5"))
    manager = world.user(Role.ENHETSCHEF)
    review = services.competence_review_record(
        staff=world.hire, actor=manager, reviewed_on=clock.today(), decided_level=CompetenceLevel.KUNNIG, rationale=""
    )
    assert (review.years_in_profession, review.credits, review.proposed_level) == (2, Decimal("7.5"), "kunnig")
    assert review.reviewer == world.people[Role.ENHETSCHEF]
    world.hire.refresh_from_db()
    assert world.hire.competence_level == CompetenceLevel.KUNNIG
    assert world.hire.history.first().history_change_reason.startswith("Kompetensprövning")
    item = _review_item(plan)
    assert item.done
    event = item.events.get()
    assert (event.source, event.reference) == (EventSource.AUTOMATIC, f"competence_review:{review.pk}")


def test_a_level_other_than_the_proposal_needs_a_reason(world):
    hire_with_plan(world.hire, years_ago=2.1)
    arguments = {"staff": world.hire, "actor": None, "reviewed_on": clock.today(), "decided_level": "avancerad"}
    with pytest.raises(ValidationError) as error:
        services.competence_review_record(rationale="  ", **arguments)
    assert "Kunnig" in error.value.message_dict["rationale"][0]
    assert not CompetenceReview.objects.exists()
    review = services.competence_review_record(rationale="Lång erfarenhet från annan kommun.", **arguments)
    assert review.differs
    assert selectors.difference_text(proposed=review.proposed_level, decided=review.decided_level) == (
        "1 steg över förslaget (Kunnig)."
    )


def test_an_older_review_is_kept_but_does_not_change_the_level(world):
    hire_with_plan(world.hire, years_ago=3)
    today = clock.today()
    services.competence_review_record(
        staff=world.hire, actor=None, reviewed_on=today, decided_level="kunnig", rationale=""
    )
    services.competence_review_record(
        staff=world.hire,
        actor=None,
        reviewed_on=today - datetime.timedelta(days=400),
        decided_level="nyborjare",
        rationale="",
    )
    world.hire.refresh_from_db()
    assert world.hire.competence_level == CompetenceLevel.KUNNIG
    assert CompetenceReview.objects.filter(staff=world.hire).count() == 2


def test_a_future_review_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.competence_review_record(
            staff=world.hire,
            actor=None,
            reviewed_on=clock.today() + datetime.timedelta(days=1),
            decided_level="kunnig",
            rationale="",
        )
    assert "reviewed_on" in error.value.message_dict


def test_credits_from_elsewhere_join_the_record_and_the_proposal(world):
    staff = world.people[Role.UTBILDARSTOD]
    staff.profession_start = clock.today() - datetime.timedelta(days=12 * 366)
    staff.save()
    completed_course(staff, credits=Decimal(15), name="Fördjupning LVU")
    services.credit_entry_register(
        staff=staff, actor=None, earned_on=clock.today(), source="GU: Socialt arbete", credits=Decimal("15")
    )
    found = selectors.standing(staff=staff)
    assert (found.years, found.credits, found.proposed_level) == (12, Decimal(30), CompetenceLevel.SPECIALIST)
    assert [line.source for line in selectors.credit_lines(staff=staff)][-1] == "GU: Socialt arbete"
    assert CreditEntry.objects.get().history.count() == 1


@pytest.mark.parametrize(
    ("earned_on_days", "source", "credits", "field"),
    [(1, "GU", Decimal(5), "earned_on"), (0, " ", Decimal(5), "source"), (0, "GU", Decimal(0), "credits")],
)
def test_bad_credits_are_refused_with_a_message(world, earned_on_days, source, credits, field):
    with pytest.raises(ValidationError) as error:
        services.credit_entry_register(
            staff=world.hire,
            actor=None,
            earned_on=clock.today() + datetime.timedelta(days=earned_on_days),
            source=source,
            credits=credits,
        )
    assert field in error.value.message_dict
    assert not CreditEntry.objects.exists()


def test_a_review_still_ticks_the_item_after_a_coordinator_renames_it(world):
    coordinator = world.user(Role.UTBILDNINGSSAMORDNARE)
    template = ensure_default_template(world.organisation).template
    draft = checklist_services.template_version_draft(template=template, actor=coordinator)
    item = draft.items.get(automatic_source=AutomaticSource.COMPETENCE_REVIEW)
    checklist_services.template_item_update(item=item, title="Bedömning av kompetens efter två år")
    checklist_services.template_version_publish(version=draft, actor=coordinator)
    plan = hire_with_plan(world.hire, years_ago=2.1)
    assert plan.template_version == draft

    services.competence_review_record(
        staff=world.hire,
        actor=world.user(Role.ENHETSCHEF),
        reviewed_on=clock.today(),
        decided_level=CompetenceLevel.KUNNIG,
        rationale="",
    )

    renamed = plan.items.get(title="Bedömning av kompetens efter två år")
    assert renamed.done
    assert renamed.events.get().reference.startswith("competence_review:")
