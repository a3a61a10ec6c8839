from decimal import Decimal

import pytest

from competence import personal_data, services
from competence.models import CompetenceReview, CreditEntry
from competence.tests.factories import hire_with_plan
from districts import clock
from districts.personal_data import ANONYMISED

pytestmark = pytest.mark.django_db


def test_the_extract_holds_reviews_and_credits_and_anonymisation_replaces_their_text(world):
    hire_with_plan(world.hire, years_ago=2.1)
    services.credit_entry_register(
        staff=world.hire, actor=None, earned_on=clock.today(), source="GU: Socialrätt", credits=Decimal("7.5")
    )
    services.competence_review_record(
        staff=world.hire, actor=None, reviewed_on=clock.today(), decided_level="avancerad", rationale="Sjukskriven"
    )
    sections = {part.key: part for part in personal_data.extract(staff=world.hire)}
    assert sections["credits"].rows[0]["source"] == "GU: Socialrätt"
    assert sections["competence_reviews"].rows[0]["rationale"] == "Sjukskriven"
    personal_data.anonymise(staff=world.hire)
    assert CompetenceReview.objects.get().rationale == ANONYMISED
    assert CreditEntry.objects.get().source == ANONYMISED
    assert {row.rationale for row in CompetenceReview.history.all()} == {ANONYMISED}
