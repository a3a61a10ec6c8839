from collections import Counter

import pytest

from checklists import demo as checklists_demo
from checklists.tests.factories import ensure_default_template
from competence import demo, selectors
from competence.models import CompetenceReview, CreditEntry
from competence.services import REVIEW_ITEM_TITLE
from courses import services as course_services
from districts import clock
from districts import demo as districts_demo
from districts.models import CompetenceLevel, Role, StaffMember
from districts.supervision import may_supervise

pytestmark = [pytest.mark.django_db, pytest.mark.long_running(35)]  # seeds the demo: first under -n


def _seed(today):
    organisation = districts_demo.seed_organisation(today=today, staff_count=400).organisation
    course_services.programme_install_defaults(organisation=organisation)  # onboarding's steps, as seed_demo runs them
    ensure_default_template(organisation)
    checklists_demo.seed(organisation=organisation, today=today)
    demo.seed(organisation=organisation, today=today)
    return organisation


@pytest.fixture(scope="module")
def seeded(seed_for_module, module_clock):
    """The demo, seeded once for the module; each test's writes roll back (see plugins.shared_rows)."""
    yield from seed_for_module(lambda: _seed(module_clock))


def test_every_supervisor_in_the_demo_may_supervise(seeded):
    supervisors = StaffMember.objects.filter(supervised__isnull=False).distinct()
    assert supervisors.exists()
    assert all(may_supervise(level) for level in supervisors.values_list("competence_level", flat=True))


def test_levels_and_credits_are_believable_and_mostly_borne_out_by_the_rules(seeded):
    workers = StaffMember.objects.filter(
        pk__in=StaffMember.objects.filter(
            organisation=seeded, roles__role__in=[Role.SOCIALSEKRETERARE, Role.FORSTE_SOCIALSEKRETERARE]
        ).values("pk")
    ).order_by("pk")
    levels = Counter(workers.values_list("competence_level", flat=True))
    assert all(levels[level] > 0 for level in CompetenceLevel.values)
    # Levels 1-3 are the ones met in authority casework (seed 000); Experts are few.
    assert levels[CompetenceLevel.AVANCERAD] > levels[CompetenceLevel.SPECIALIST] > levels[CompetenceLevel.EXPERT]
    assert CreditEntry.objects.filter(staff__organisation=seeded).count() > 100
    agreeing = [selectors.standing(staff=staff).proposed_level == staff.competence_level for staff in workers[:120]]
    assert 0.6 < sum(agreeing) / len(agreeing) < 1  # a few wait for a review, as in a real register


def test_hires_near_two_years_were_reviewed_and_their_plan_item_ticked(seeded):
    reviews = CompetenceReview.objects.filter(staff__organisation=seeded)
    two_year = reviews.filter(decided_level=CompetenceLevel.KUNNIG, proposed_level=CompetenceLevel.NYBORJARE)
    assert two_year.exists() and all(review.rationale and review.reviewer for review in two_year)
    for review in two_year:
        item = review.staff.introduction_plan.items.get(title__startswith=REVIEW_ITEM_TITLE)
        assert item.done
    assert reviews.filter(decided_level=CompetenceLevel.SPECIALIST).exists() or reviews.count() > two_year.count()
    count = reviews.count()
    demo.seed(organisation=seeded, today=clock.today())
    assert CompetenceReview.objects.filter(staff__organisation=seeded).count() == count
