import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from courses.models import KnowledgeArea
from districts import clock
from districts.models import Role
from districts.tests.factories import UnitFactory
from reports import services
from reports.models import NeedItem, NeedPriority, NeedsReport
from reports.needs import needs_summary_report

pytestmark = pytest.mark.django_db


def _open_period(world, title="Inför 2027"):
    return services.needs_period_open(
        organisation_id=world.organisation.pk,
        title=title,
        opens_on=clock.today() - datetime.timedelta(days=1),
        closes_on=clock.today() + datetime.timedelta(days=14),
    )


def _form(priority_by_area: dict, comment_by_area: dict | None = None) -> dict:
    data = {}
    for area in KnowledgeArea:
        data[f"{area.value}_priority"] = str(priority_by_area.get(area, NeedPriority.NONE))
        data[f"{area.value}_comment"] = (comment_by_area or {}).get(area, "")
    return data


def test_enhetschef_sees_the_open_period_on_the_dashboard_and_answers_once(client, world):
    period = _open_period(world)
    client.force_login(world.user(Role.ENHETSCHEF))
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert reverse("reports:needs_answer", kwargs={"pk": period.pk}) in dashboard
    url = reverse("reports:needs_answer", kwargs={"pk": period.pk})
    client.post(url, _form({KnowledgeArea.UTREDNING: NeedPriority.HIGH}, {KnowledgeArea.UTREDNING: "BBIC"}))
    client.post(url, _form({KnowledgeArea.UTREDNING: NeedPriority.MEDIUM}))  # a correction, not a second answer
    assert NeedsReport.objects.filter(period=period, unit=world.own_unit).count() == 1
    item = NeedItem.objects.get(report__period=period, area=KnowledgeArea.UTREDNING)
    assert item.priority == NeedPriority.MEDIUM
    assert (
        reverse("reports:needs_answer", kwargs={"pk": period.pk})
        not in client.get(reverse("dashboard")).content.decode()
    )


def test_a_closed_period_takes_no_answers(world):
    period = _open_period(world)
    services.needs_period_close(period=period)
    with pytest.raises(ValidationError):
        services.needs_report_submit(period=period, unit=world.own_unit, submitted_by=None, items={})


def test_period_dates_and_titles_are_checked(world):
    with pytest.raises(ValidationError):
        services.needs_period_open(
            organisation_id=world.organisation.pk,
            title="X",
            opens_on=clock.today(),
            closes_on=clock.today() - datetime.timedelta(1),
        )
    _open_period(world, "Samma")
    with pytest.raises(ValidationError):
        _open_period(world, "Samma")


def test_the_summary_aggregates_by_area_and_district(world):
    period = _open_period(world)
    second_unit = UnitFactory(district=world.own_district, name="Vuxna Angered", area="vuxna")
    for unit, priority in ((world.own_unit, NeedPriority.HIGH), (second_unit, NeedPriority.MEDIUM)):
        services.needs_report_submit(
            period=period,
            unit=unit,
            submitted_by=None,
            items={area.value: (NeedPriority.LOW, "") for area in KnowledgeArea}
            | {KnowledgeArea.SAMVERKAN.value: (priority, "Mer om samverkan med skolan")},
        )
    coordinator = world.user(Role.UTBILDNINGSSAMORDNARE)
    areas, districts, comments, missing = needs_summary_report(user=coordinator, period=period).tables
    samverkan = next(row for row in areas.rows if row[0] == "Samverkan")
    assert samverkan[1:] == [1, 1, 0, 0, 2.5]  # high, medium, low, none, mean
    by_area = {row[0]: row[1:] for row in districts.rows}
    assert by_area["Samverkan"] == [2, 0]  # Angered, Lundby
    assert len(comments.rows) == 2
    assert missing.rows == [["Lundby", "Vuxna Lundby"]]


def test_utbildarstod_sees_only_the_own_district_in_the_summary(world):
    period = _open_period(world)
    areas, districts, comments, missing = needs_summary_report(user=world.user(Role.UTBILDARSTOD), period=period).tables
    assert [column.label for column in districts.columns[1:]] == ["Angered"]
    assert missing.rows == [["Angered", "Barn och unga Angered"]]


def test_a_second_unit_manager_answers_for_their_own_unit(client, world):
    period = _open_period(world)
    client.force_login(world.other_unit_manager.user)
    client.post(reverse("reports:needs_answer", kwargs={"pk": period.pk}), _form({KnowledgeArea.INSATSER: 3}))
    assert NeedsReport.objects.get(period=period).unit == world.other_unit
