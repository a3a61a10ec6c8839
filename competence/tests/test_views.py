import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from competence.models import CompetenceReview, CreditEntry
from competence.tests.factories import completed_course, hire_with_plan
from districts import clock
from districts.models import CompetenceLevel, Role

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_proposal_the_credits_and_the_difference_of_a_review(client, world):
    hire_with_plan(world.hire, years_ago=2.5)
    completed_course(world.hire, credits=Decimal("7.5"), name="Barnavårdsutredning")
    client.force_login(world.user(Role.ENHETSCHEF))
    review_url = reverse("competence:review_record", kwargs={"pk": world.hire.pk})
    form_page = client.get(review_url).content.decode()
    assert 'data-testid="proposed-level"><strong>Kunnig</strong>' in form_page
    response = client.post(
        review_url,
        {"reviewed_on": clock.today().isoformat(), "decided_level": "avancerad", "rationale": ""},
    )
    assert response.status_code == 200
    assert "skriv vad beslutet vilar på" in response.content.decode()
    response = client.post(
        review_url,
        {"reviewed_on": clock.today().isoformat(), "decided_level": "avancerad", "rationale": "Tio år i annan kommun."},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "1 steg över förslaget (Kunnig)." in page
    assert "Barnavårdsutredning" in page and "7,5" in page
    world.hire.refresh_from_db()
    assert world.hire.competence_level == CompetenceLevel.AVANCERAD


def test_credits_are_registered_with_a_decimal_comma(client, world):
    client.force_login(world.user(Role.HR))
    url = reverse("competence:credit_register", kwargs={"pk": world.hire.pk})
    response = client.post(
        url, {"earned_on": (clock.today() - datetime.timedelta(days=3)).isoformat(), "source": "GU", "credits": "7,5"}
    )
    assert response.status_code == 302
    assert CreditEntry.objects.get().credits == Decimal("7.5")


def test_bad_input_is_a_form_error_and_saves_nothing(client, world):
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    url = reverse("competence:review_record", kwargs={"pk": world.hire.pk})
    future = (clock.today() + datetime.timedelta(days=5)).isoformat()
    response = client.post(url, {"reviewed_on": future, "decided_level": "kunnig", "rationale": ""})
    assert response.status_code == 200
    assert "framtiden" in response.content.decode()
    assert not CompetenceReview.objects.exists()


def test_the_hire_sees_their_own_competence_but_cannot_review(client, world):
    client.force_login(world.user(Role.SOCIALSEKRETERARE))
    page = client.get(reverse("competence:staff", kwargs={"pk": world.hire.pk}))
    assert page.status_code == 200
    assert "Ny kompetensprövning" not in page.content.decode()


def test_a_level_the_rules_do_not_give_is_flagged_until_a_review_decides_it(client, world):
    hire_with_plan(world.hire, years_ago=3)  # the rules give Kunnig; the register says Nybörjare
    client.force_login(world.user(Role.ENHETSCHEF))
    url = reverse("competence:staff", kwargs={"pk": world.hire.pk})
    assert 'data-testid="standing-differs"' in client.get(url).content.decode()
    client.post(
        reverse("competence:review_record", kwargs={"pk": world.hire.pk}),
        {"reviewed_on": clock.today().isoformat(), "decided_level": "nyborjare", "rationale": "Lång sjukskrivning."},
    )
    page = client.get(url).content.decode()
    assert 'data-testid="standing-differs"' not in page
    assert "1 steg under förslaget (Kunnig)." in page


def test_the_page_asks_the_same_number_of_queries_however_long_the_record(client, world, django_assert_max_num_queries):
    hire_with_plan(world.hire, years_ago=3)
    client.force_login(world.user(Role.ENHETSCHEF))
    url = reverse("competence:staff", kwargs={"pk": world.hire.pk})
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for number in range(6):
        completed_course(world.hire, credits=Decimal("7.5"), name=f"Fördjupning {number}")
        CreditEntry.objects.create(
            staff=world.hire, earned_on=clock.today(), source=f"GU {number}", credits=1, registered_at=clock.now()
        )
        CompetenceReview.objects.create(
            staff=world.hire,
            reviewed_on=clock.today(),
            reviewer=world.people[Role.ENHETSCHEF],
            years_in_profession=3,
            credits=0,
            proposed_level="kunnig",
            decided_level="kunnig",
        )
    with django_assert_max_num_queries(len(few)):
        client.get(url)
