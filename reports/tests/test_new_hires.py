""" "New hire" means one thing: the dashboard, the equality report and the capacity plan count the same people.

The same on the full demo: test_demo_reports.py, which seeds the demo once for its tests.
"""

import datetime

import pytest
from django.urls import reverse

from districts import clock
from districts import dashboard as district_dashboard
from districts.models import OrganisationCounts, Role
from districts.selectors import StaffFilters, new_hire_cutoff, staff_list
from districts.tests.factories import StaffMemberFactory
from reports.equality import equality_report
from reports.filters import ReportFilters
from surveys.tests.records import build_records

pytestmark = pytest.mark.django_db


def _hire(unit, start, *, end=None, roles=(Role.SOCIALSEKRETERARE,), organisation=None):
    extra = {"organisation": organisation} if organisation is not None else {}
    return StaffMemberFactory(unit=unit, employment_start=start, employment_end=end, roles=list(roles), **extra)


def _organisation_counts(user):
    panel = next(p for p in district_dashboard.panels(user) if p.template == "districts/panels/organisation.html")
    return panel.context["counts"]


@pytest.mark.frozen_dates
def test_the_dashboard_the_equality_report_and_the_capacity_plan_agree(client):
    records = build_records()
    today = clock.today()
    cutoff = new_hire_cutoff(today=today)
    already = _organisation_counts(records.coordinator)["hires"]  # the records' people started a month ago
    counted = [
        _hire(records.unit_a, cutoff),  # the first day that still counts
        _hire(records.unit_a, today - datetime.timedelta(days=100)),
        _hire(records.unit_b, today - datetime.timedelta(days=400)),
        _hire(records.unit_b, today + datetime.timedelta(days=20)),  # starts next month: their plan has begun
        _hire(None, today - datetime.timedelta(days=30), organisation=records.organisation),  # no unit yet
        _hire(records.unit_b, today - datetime.timedelta(days=10)),
    ]
    # Their last day is today: their places are given up and their plan closed today, so they count nowhere.
    _hire(records.unit_a, today - datetime.timedelta(days=60), end=today)
    _hire(records.unit_a, today - datetime.timedelta(days=200), end=today - datetime.timedelta(days=1))  # has left
    _hire(records.unit_a, cutoff - datetime.timedelta(days=1))  # more than two years ago
    _hire(records.unit_b, today - datetime.timedelta(days=50), roles=[Role.ENHETSCHEF])  # not a social worker

    dashboard = _organisation_counts(records.coordinator)["hires"]
    window = ReportFilters(start=cutoff, end=today + datetime.timedelta(days=365))
    report = equality_report(user=records.coordinator, filters=window, today=today).tables[0].total[1]
    listed = staff_list(user=records.coordinator, filters=StaffFilters(new_hires=True), today=today).count()
    client.force_login(records.coordinator)
    page = client.get(reverse("reports:capacity"))
    equality_page = client.get(reverse("reports:equality")).context["report"]  # its default period
    assert equality_page.tables[0].total[1] == dashboard
    assert dashboard == report == listed == page.context["new_hires"] == already + len(counted)
    assert len(counted) == 6 and already % 2 == 1
    assert page.context["recorded"] == (already + 6 + 1) // 2  # a year's share of two years, rounded half up
    assert page.context["form"].initial["hires_per_year"] == page.context["recorded"]


def test_a_hire_who_left_during_a_past_period_is_not_counted_in_it_one_who_left_later_is():
    records = build_records()
    _hire(records.unit_a, datetime.date(2025, 2, 1), end=datetime.date(2025, 6, 30))
    _hire(records.unit_a, datetime.date(2025, 3, 1), end=datetime.date(2026, 3, 1))
    year = ReportFilters(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31))
    total = equality_report(user=records.coordinator, filters=year, today=datetime.date(2026, 12, 1)).tables[0].total
    assert total[1] == 1


@pytest.mark.frozen_dates
def test_the_capacity_plan_reads_the_organisations_kept_count_and_counts_itself_after_a_write(
    client, django_assert_max_num_queries
):
    """The organisation-wide reader's new hires are the dashboard's kept count (districts.org_counts) while it is
    kept for today's data; after a write the capacity plan counts itself, until the dashboard keeps them again."""
    records = build_records()
    today = clock.today()
    client.force_login(records.coordinator)

    def on_the_page():
        return client.get(reverse("reports:capacity")).context["new_hires"]

    counted = on_the_page()  # nothing kept yet: counted
    assert counted == _organisation_counts(records.coordinator)["hires"]  # the dashboard counts and keeps them
    kept = OrganisationCounts.objects.get(organisation=records.organisation)
    assert kept.counted_version == kept.version
    OrganisationCounts.objects.filter(pk=kept.pk).update(counts={**kept.counts, "hire_counts": [9999, 0, 0]})
    with django_assert_max_num_queries(5):
        assert on_the_page() == 9999  # read, not counted
    _hire(records.unit_a, today - datetime.timedelta(days=5))  # a write: the kept count is stale
    assert on_the_page() == counted + 1
    assert _organisation_counts(records.coordinator)["hires"] == counted + 1
    assert OrganisationCounts.objects.get(pk=kept.pk).counts["hire_counts"][0] == counted + 1
    assert on_the_page() == counted + 1
