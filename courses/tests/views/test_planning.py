import pytest
from django.urls import reverse

from courses.models import CourseRound, PlanningSettings
from districts.models import Role

pytestmark = pytest.mark.django_db


def _login(client, world, role):
    client.force_login(world.user(role))


def test_planning_settings_page_saves_months(client, world):
    _login(client, world, Role.UTBILDNINGSSAMORDNARE)
    url = reverse("courses:planning_settings")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "excluded_months": ["7", "8"],
            "weekday": "2",
            "week_of_month": "1",
            "default_place": "Rådhuset",
            "capacity": "28",
            "del2_month": "9",
            "del2_capacity": "40",
            "del2_interval_weeks": "2",
            "reminder_days_before": "5",
            "lead_days": "10",
        },
    )
    assert response.status_code == 302
    settings_row = PlanningSettings.objects.get(organisation=world.organisation)
    assert settings_row.excluded_months == [7, 8] and settings_row.weekday == 2
    assert settings_row.lead_days == 10
    bad = client.post(url, {"excluded_months": ["9"], "weekday": "2", "week_of_month": "1", "del2_month": "9"})
    assert bad.status_code == 200


def test_plan_now_button_plans_the_year(client, world, django_capture_on_commit_callbacks):
    _login(client, world, Role.UTBILDNINGSSAMORDNARE)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("courses:planning_settings"), {"plan_now": "1"})
    assert response.status_code == 302
    assert CourseRound.objects.filter(course__organisation=world.organisation).count() == 10
