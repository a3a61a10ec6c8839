from decimal import Decimal

import pytest
from django.urls import reverse

from districts.models import Role

pytestmark = pytest.mark.django_db

BAD_QUERIES = [
    "?year=1800",
    "?year=abc",
    "?start=2025-13-45&end=igår",
    "?start=2026-01-01&end=2025-01-01",
    "?course=abc&district=999999&area=mars",
    "?format=docx",
]


@pytest.mark.parametrize("name", ["reports:enrolment", "reports:surveys", "reports:equality", "reports:participation"])
@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_filters_never_break_a_report(client, world, name, query):
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    response = client.get(reverse(name) + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_a_reversed_period_is_explained(client, world):
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    page = client.get(reverse("reports:enrolment") + "?start=2026-01-01&end=2025-01-01").content.decode()
    assert "Slutdatum kan inte vara före startdatum." in page


def test_the_district_filter_offers_only_visible_districts(client, world):
    client.force_login(world.user(Role.ENHETSCHEF))
    page = client.get(reverse("reports:enrolment")).content.decode()
    assert world.own_district.name in page and world.other_district.name not in page


def test_capacity_with_nonsense_input_still_answers(client, world):
    client.force_login(world.user(Role.OMRADESCHEF))
    page = client.get(reverse("reports:capacity") + "?hires_per_year=-5&del1_days=x").content.decode()
    assert "Nyanställda per år" in page


def test_dashboard_shows_the_latest_response_rates_with_small_groups_hidden(client):
    from surveys.tests.records import answer_r1_survey, build_records

    records = build_records(threshold=6)
    answer_r1_survey(records)
    client.force_login(records.coordinator)
    page = client.get(reverse("dashboard")).content.decode()
    assert reverse("reports:survey_result", kwargs={"pk": records.survey.pk}) in page
    assert "&lt; 6 av 8 har svarat" in page


def test_capacity_inputs_take_a_decimal_comma_and_show_one(client, world):
    client.force_login(world.user(Role.OMRADESCHEF))
    response = client.get(reverse("reports:capacity"), {"del1_days": "3,5", "del2_days": "12.5"})
    form = response.context["form"]
    assert form.cleaned_data["del1_days"] == Decimal("3.5") and form.cleaned_data["del2_days"] == Decimal("12.5")
    assert not form.errors
    page = response.content.decode()
    assert 'name="del1_days" value="3,5"' in page and 'inputmode="decimal"' in page
