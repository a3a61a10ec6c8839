"""Checklist pages: at most 15 queries each, the same number whatever the rows behind them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checklists import permissions, selectors, services
from checklists.models import ChecklistTemplate
from checklists.tests.factories import ensure_default_template, plan_for
from districts import clock
from districts.models import Role
from districts.tests.factories import StaffMemberFactory
from districts.tests.query_counts import assert_queries_flat

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_template_list_does_not_grow_with_templates(client, world):
    ensure_default_template(world.organisation)
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    url = reverse("checklists:template_list")
    few = _queries(client, url)
    for n in range(4):
        template = ChecklistTemplate.objects.create(organisation=world.organisation, name=f"Mall {n}")
        services.template_version_draft(template=template, actor=None)
    assert _queries(client, url) == few


def test_export_list_does_not_grow_with_exports(client, world, django_capture_on_commit_callbacks):
    plan_for(world.hire)
    hr = world.user(Role.HR)
    client.force_login(hr)
    url = reverse("checklists:export_list")
    services.plan_export_request(actor=hr)
    few = _queries(client, url)
    for _ in range(4):
        services.plan_export_request(actor=hr)
    assert _queries(client, url) == few


def _hires_with_plans(world, count: int, *, first: int) -> None:
    """Add hires in the unit, supervised by the 1:e socialsekreterare: in progress, finished and closed, some ticked."""
    today = clock.today()
    supervisor = world.people[Role.FORSTE_SOCIALSEKRETERARE]
    manager = world.user(Role.ENHETSCHEF)
    for number in range(first, first + count):
        start = today - datetime.timedelta(days=30 + 400 * (number % 3))  # in progress, in progress, finished
        staff = StaffMemberFactory(unit=world.own_unit, supervisor=supervisor, last_name=f"Nyanställd {number:03}")
        plan = plan_for(staff, start=start)
        for item in list(plan.items.order_by("pk")[: 1 + number % 4]):
            services.plan_item_tick(item_id=item.pk, actor=manager, done=True, expected_version=item.version)
        if number % 5 == 0:
            services.plan_close(plan=plan, actor=None, reason="Slutat")


def test_plan_pages_take_at_most_15_queries_at_any_size(client, world):
    _hires_with_plans(world, 3, first=0)
    plan = plan_for(world.hire)
    coordinator, hr = world.user(Role.UTBILDNINGSSAMORDNARE), world.user(Role.HR)
    overview = reverse("checklists:overview")
    pages = [
        (world.user(Role.ENHETSCHEF), reverse("checklists:plan_detail", args=[plan.pk])),
        (world.user(Role.SOCIALSEKRETERARE), reverse("checklists:plan_detail", args=[plan.pk])),
        (world.user(Role.FORSTE_SOCIALSEKRETERARE), reverse("checklists:my_hires")),
        (world.user(Role.ENHETSCHEF), reverse("checklists:unit_overview")),
        (world.user(Role.ENHETSCHEF), reverse("checklists:del2_themes")),
        (hr, reverse("checklists:export_list")),
        *[
            (coordinator, f"{overview}?visa={state}&sort={sort}")
            for state in selectors.PLAN_STATES
            for sort in selectors.SORTS
        ],
        (coordinator, f"{overview}?sok=Nyanst%C3%A4lld"),
        (coordinator, f"{overview}?stadsdel={world.own_district.pk}&visa=alla"),
        (coordinator, f"{overview}?visa=alla&sida=2"),
    ]
    assert_queries_flat(client, pages, grow=lambda: _hires_with_plans(world, 30, first=3))


def test_plan_page_queries_do_not_grow_with_its_own_history(client, world):
    """The plan page's rows (checklists.rows) read the ticks' people and the meetings' from what was joined:
    ticks by several people, untick and tick again, and held meetings add rows but no queries."""
    from checklists.meetings_held import plan_meeting_record_held

    plan = plan_for(world.hire, start=clock.today() - datetime.timedelta(days=120))
    url = reverse("checklists:plan_detail", args=[plan.pk])
    pages = [(world.user(role), url) for role in (Role.FORSTE_SOCIALSEKRETERARE, Role.ENHETSCHEF, Role.HR)]

    def grow():
        manager, supervisor = world.user(Role.ENHETSCHEF), world.user(Role.FORSTE_SOCIALSEKRETERARE)
        for number, item in enumerate(plan.items.order_by("pk")[:12]):
            actor = supervisor if number % 2 and permissions.can_tick_item(supervisor, item, plan) else manager
            item = services.plan_item_tick(item_id=item.pk, actor=actor, done=True, expected_version=item.version)
            if number % 3 == 0:
                item = services.plan_item_tick(item_id=item.pk, actor=actor, done=False, expected_version=item.version)
                services.plan_item_tick(item_id=item.pk, actor=actor, done=True, expected_version=item.version)
        past = plan.meetings.filter(starts_at__lt=clock.now()).order_by("starts_at")[:4]
        for number, meeting in enumerate(past):
            plan_meeting_record_held(
                meeting_id=meeting.pk, actor=world.user(Role.FORSTE_SOCIALSEKRETERARE), held=number % 2 == 0, note="Ok"
            )

    counts = assert_queries_flat(client, pages, grow=grow)
    body = client.get(url).content.decode()
    assert body.count('data-testid="history"') >= 12 and "Hölls inte" in body, counts


def test_plans_overview_as_hr_takes_the_same_queries_at_two_sizes(client, world):
    """The benchmark's overview pages are HR's (organisation-wide, like the coordinator's above)."""
    _hires_with_plans(world, 3, first=0)
    overview = reverse("checklists:overview")
    queries = ["", "?visa=alla", "?visa=avslutade", "?sort=start", "?sort=framsteg", "?sort=forsenade", "?sok=Nyanst"]
    pages = [(world.user(Role.HR), f"{overview}{query}") for query in queries]
    assert_queries_flat(client, pages, grow=lambda: _hires_with_plans(world, 30, first=3))
