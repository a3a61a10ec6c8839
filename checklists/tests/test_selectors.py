import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checklists import selectors, services
from checklists.models import PlanItem
from checklists.tests.factories import plan_for
from districts import clock
from districts.models import Role
from districts.tests.factories import DistrictFactory, OrganisationFactory, StaffMemberFactory, UnitFactory

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_dates]  # dates relative to today: run on each frozen date


def _hires(world, count, supervisor):
    return [
        plan_for(
            StaffMemberFactory(unit=world.own_unit, supervisor=supervisor),
            start=clock.today() - datetime.timedelta(days=20 * n),
        )
        for n in range(count)
    ]


def test_progress_and_overdue_are_computed_per_plan(world):
    supervisor = world.people[Role.FORSTE_SOCIALSEKRETERARE]
    old = plan_for(world.hire, start=clock.today() - datetime.timedelta(days=200))
    fresh = _hires(world, 1, supervisor)[0]
    item = old.items.order_by("due_date").first()
    services.plan_item_tick(item_id=item.pk, actor=supervisor.user, done=True, expected_version=1)

    rows = {plan.pk: plan for plan in selectors.my_hires(user=supervisor.user)}
    assert rows[old.pk].item_done == 1
    assert rows[old.pk].progress == 100 // rows[old.pk].item_total
    overdue = old.items.filter(done=False, due_date__lt=clock.today()).count()
    assert rows[old.pk].overdue_count == overdue > 0
    assert rows[fresh.pk].item_done == 0
    by_overdue = list(selectors.my_hires(user=supervisor.user, sort="forsenade"))
    assert by_overdue[0].pk == old.pk


def test_my_hires_shows_only_the_supervisors_hires(world):
    plan_for(world.hire)
    plan_for(world.other_hire)
    plans = list(selectors.my_hires(user=world.user(Role.FORSTE_SOCIALSEKRETERARE)))
    assert [plan.staff for plan in plans] == [world.hire]
    assert list(selectors.my_hires(user=world.other_unit_manager.user)) == []


@pytest.mark.parametrize(
    ("url_name", "role"),
    [
        ("checklists:my_hires", Role.FORSTE_SOCIALSEKRETERARE),
        ("checklists:unit_overview", Role.ENHETSCHEF),
        ("checklists:overview", Role.HR),
    ],
)
def test_list_pages_query_count_does_not_grow(client, world, django_assert_max_num_queries, url_name, role):
    supervisor = world.people[Role.FORSTE_SOCIALSEKRETERARE]
    _hires(world, 2, supervisor)
    client.force_login(world.user(role))
    with django_assert_max_num_queries(20) as few:
        assert client.get(reverse(url_name) + "?sort=framsteg").status_code == 200
    _hires(world, 12, supervisor)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse(url_name) + "?sort=forsenade")
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="plan-row"') == 14


def test_plan_page_query_count_does_not_grow_with_history(client, world, django_assert_max_num_queries):
    plan = plan_for(world.hire)
    manager = world.user(Role.ENHETSCHEF)
    client.force_login(manager)
    url = reverse("checklists:plan_detail", args=[plan.pk])
    with django_assert_max_num_queries(40) as first:
        client.get(url)
    for item in plan.items.all()[:10]:
        services.plan_item_tick(item_id=item.pk, actor=manager, done=True, expected_version=1, note="klart")
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("klarmarkerad") >= 10


def test_unit_hires_without_plan_are_the_own_units_hires_with_a_start_and_no_plan(world):
    waiting = StaffMemberFactory(unit=world.own_unit, employment_start=datetime.date(2026, 2, 2))
    StaffMemberFactory(unit=world.own_unit, employment_start=None)
    plan_for(StaffMemberFactory(unit=world.own_unit, employment_start=datetime.date(2026, 2, 2)))
    StaffMemberFactory(unit=world.other_hire.unit, employment_start=datetime.date(2026, 2, 2))
    listed = list(selectors.unit_hires_without_plan(user=world.user(Role.ENHETSCHEF)))
    assert waiting in listed
    assert all(staff.unit_id == world.own_unit.pk and staff.employment_start for staff in listed)
    assert not any(hasattr(staff, "introduction_plan") for staff in listed)
    assert list(selectors.unit_hires_without_plan(user=world.user(Role.SOCIALSEKRETERARE))) == []


def _finished_and_running(world):
    supervisor = world.people[Role.FORSTE_SOCIALSEKRETERARE]
    since = selectors.in_progress_since()
    finished = plan_for(
        StaffMemberFactory(unit=world.own_unit, supervisor=supervisor), start=since - datetime.timedelta(days=1)
    )
    running = plan_for(StaffMemberFactory(unit=world.own_unit, supervisor=supervisor), start=since)
    return finished, running


def test_plans_in_state_splits_by_start_date(world):
    finished, running = _finished_and_running(world)
    hr = world.user(Role.HR)
    assert set(selectors.district_plans(user=hr, district_id=None)) == {running}
    assert set(selectors.district_plans(user=hr, district_id=None, state="alla")) == {running, finished}
    assert set(selectors.district_plans(user=hr, district_id=None, state="avslutade")) == {finished}
    assert set(selectors.district_plans(user=hr, district_id=None, state="okänt")) == {running}
    assert set(selectors.unit_plans(user=world.user(Role.ENHETSCHEF))) == {running}
    assert set(selectors.my_hires(user=world.user(Role.FORSTE_SOCIALSEKRETERARE), state="avslutade")) == {finished}


def test_district_summaries_count_only_the_shown_state(world):
    finished, running = _finished_and_running(world)
    hr = world.user(Role.HR)
    (row,) = selectors.district_summaries(user=hr)
    assert row["plan_count"] == 1
    assert row["item_count"] == running.items.filter(in_profile=True).count()
    (row,) = selectors.district_summaries(user=hr, state="alla")
    assert row["plan_count"] == 2
    (row,) = selectors.district_summaries(user=hr, state="avslutade")
    assert row["item_count"] == finished.items.filter(in_profile=True).count()


def test_district_summaries_count_the_open_overdue_items_of_active_plans(world):
    finished, running = _finished_and_running(world)
    hr, today = world.user(Role.HR), clock.today()
    item = running.items.filter(due_date__lt=today).order_by("due_date").first()
    services.plan_item_tick(item_id=item.pk, actor=hr, done=True, expected_version=item.version)
    overdue = PlanItem.objects.filter(in_profile=True, done=False, due_date__lt=today)
    (row,) = selectors.district_summaries(user=hr, state="alla")
    assert (
        row["overdue_count"]
        == overdue.count()
        == overdue.filter(plan=running).count() + overdue.filter(plan=finished).count()
    )
    assert overdue.filter(plan=running).exists() and overdue.filter(plan=finished).exists()
    services.plan_close(plan=finished, actor=None, reason="Slutat")  # a closed plan is overdue with nothing
    (row,) = selectors.district_summaries(user=hr, state="alla")
    assert row["overdue_count"] == overdue.filter(plan=running).count()


@pytest.mark.parametrize(
    ("url_name", "role"),
    [
        ("checklists:my_hires", Role.FORSTE_SOCIALSEKRETERARE),
        ("checklists:unit_overview", Role.ENHETSCHEF),
        ("checklists:overview", Role.HR),
    ],
)
def test_list_pages_hide_finished_plans_by_default_and_show_them_with_alla(client, world, url_name, role):
    finished, running = _finished_and_running(world)
    client.force_login(world.user(role))
    default = client.get(reverse(url_name)).content.decode()
    assert running.staff.full_name in default
    assert finished.staff.full_name not in default
    assert 'value="pagaende" selected' in default
    everything = client.get(reverse(url_name) + "?visa=alla").content.decode()
    assert running.staff.full_name in everything and finished.staff.full_name in everything
    assert "visa=alla" in everything  # sort links keep the choice
    done = client.get(reverse(url_name) + "?visa=avslutade").content.decode()
    assert finished.staff.full_name in done and running.staff.full_name not in done


def test_overview_query_count_does_not_grow_with_finished_plans(client, world, django_assert_max_num_queries):
    supervisor = world.people[Role.FORSTE_SOCIALSEKRETERARE]
    _finished_and_running(world)
    client.force_login(world.user(Role.HR))
    url = reverse("checklists:overview") + "?sort=framsteg&visa=alla"
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    old = selectors.in_progress_since() - datetime.timedelta(days=400)
    for n in range(4):
        plan_for(StaffMemberFactory(unit=world.own_unit, supervisor=supervisor), start=old - datetime.timedelta(days=n))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('data-testid="plan-row"') == 6


def test_paginator_counts_the_plans_of_the_shown_state(client, world, monkeypatch):
    from checklists.views import lists as views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    supervisor = world.people[Role.FORSTE_SOCIALSEKRETERARE]
    _hires(world, 3, supervisor)  # in progress
    old = selectors.in_progress_since() - datetime.timedelta(days=30)
    for n in range(2):
        plan_for(StaffMemberFactory(unit=world.own_unit, supervisor=supervisor), start=old - datetime.timedelta(days=n))
    client.force_login(world.user(Role.HR))
    url = reverse("checklists:overview")

    response = client.get(url)
    assert response.context["page"].paginator.count == 3
    assert "Sida 1 av 2" in response.content.decode()
    last = client.get(url + "?sida=2")
    assert last.content.decode().count('data-testid="plan-row"') == 1

    everything = client.get(url + "?visa=alla&sida=3")
    assert everything.context["page"].paginator.count == 5
    assert "Sida 3 av 3" in everything.content.decode()
    assert everything.content.decode().count('data-testid="plan-row"') == 1
    assert client.get(url + "?visa=avslutade").context["page"].paginator.count == 2


def test_hr_finds_a_plan_by_the_hires_name_from_the_dashboard_and_the_search_keeps_across_pages(client, world):
    from checklists.views import lists as views

    supervisor = world.people[Role.FORSTE_SOCIALSEKRETERARE]
    _hires(world, 30, supervisor)
    anna = StaffMemberFactory(unit=world.own_unit, supervisor=supervisor, first_name="Anna", last_name="Bergqvist")
    annas = plan_for(anna).pk
    finished = StaffMemberFactory(unit=world.other_unit, first_name="Anna", last_name="Ek")
    finished_plan = plan_for(finished, start=selectors.in_progress_since() - datetime.timedelta(days=30)).pk
    client.force_login(world.user(Role.HR))
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="hr-plan-search"' in dashboard and reverse("checklists:overview") in dashboard

    url = reverse("checklists:overview")
    found = client.get(url, {"sok": "  anna   BERG "})
    # The page's rows are plain values (selectors.ProgressRow), compared by plan.
    assert [plan.pk for plan in found.context["page"]] == [annas]
    # Without a chosen state a search looks in every plan, finished ones too; by e-mail as well.
    both = client.get(url, {"sok": "anna"})
    assert {plan.pk for plan in both.context["page"]} == {annas, finished_plan}
    assert client.get(url, {"sok": "anna", "visa": "pagaende"}).context["page"].paginator.count == 1
    assert [p.pk for p in client.get(url, {"sok": anna.work_email}).context["page"]] == [annas]
    assert client.get(url, {"sok": "ingen sådan"}).context["page"].paginator.count == 0
    assert client.get(url, {"sok": "x" * 5000}).status_code == 200
    assert views.PAGE_SIZE < 31  # the 31 plans in progress span pages; the search finds Anna on the first
    assert "sok=anna" in both.content.decode()  # sort and page links keep the search


def test_an_enhetschef_cannot_find_another_units_plan_by_name(client, world):
    plan_for(StaffMemberFactory(unit=world.other_unit, first_name="Zelda", last_name="Lundby"))
    plan_for(StaffMemberFactory(unit=world.own_unit, first_name="Zelda", last_name="Angered"))
    client.force_login(world.user(Role.ENHETSCHEF))
    response = client.get(reverse("checklists:overview"), {"sok": "zelda"})
    assert [plan.staff.last_name for plan in response.context["page"]] == ["Angered"]


@pytest.mark.parametrize("sort", sorted(selectors.SORTS))
def test_a_page_in_any_sort_counts_only_its_own_plans_and_shows_what_counting_all_would(
    client, world, monkeypatch, settings, sort
):
    from checklists.views import lists as views

    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    settings.COMPILED_READS_PREPARED = False  # the page's compiled read then sends its SQL, not EXECUTE
    supervisor = world.people[Role.FORSTE_SOCIALSEKRETERARE]
    for n in range(9):
        hire = StaffMemberFactory(unit=world.own_unit, supervisor=supervisor, last_name="Berg" if n % 2 else "Ek")
        plan = plan_for(hire, start=clock.today() - datetime.timedelta(days=20 * n))
        done = plan.items.filter(in_profile=True).order_by("pk").values_list("pk", flat=True)[: n % 4]
        PlanItem.objects.filter(pk__in=list(done)).update(done=True, done_at=clock.now())
    client.force_login(world.user(Role.HR))
    url = reverse("checklists:overview")
    shown = []
    for number in (1, 2, 3):
        with CaptureQueriesContext(connection) as queries:
            shown += list(client.get(url, {"sort": sort, "visa": "alla", "sida": number}).context["page"])
        # The query that counts the rows' items is restricted to the page's own plans (the district summary
        # above the list counts per district, apart).
        counting = [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].startswith('SELECT "checklists_introductionplan"') and 'COUNT("checklists_planitem"' in q["sql"]
        ]
        assert counting and all('"checklists_introductionplan"."id" = ANY(' in sql for sql in counting), counting
    hr = world.user(Role.HR)
    counted_all = list(selectors.district_plans(user=hr, district_id=None, sort=sort, state="alla"))
    assert [(p.pk, p.progress, p.overdue_count, p.item_done) for p in shown] == [
        (p.pk, p.progress, p.overdue_count, p.item_done) for p in counted_all
    ]


def test_district_summaries_match_a_count_from_scratch_in_every_state(world):
    """Each district's plans, items done of all, and overdue items, in each state, as counted item by item.

    Under "Pågående" the overdue items are counted per plan in the pass that sums the counters, under the other
    states by a join of the items: both must give what the items say."""
    since, today = selectors.in_progress_since(), clock.today()
    from django.contrib.auth import get_user_model

    hr, manager = world.user(Role.HR), world.user(Role.ENHETSCHEF)
    support = get_user_model().objects.create_superuser("support", "support@example.org", "x")  # ticks any plan
    plans = []
    for number, (unit, start) in enumerate(
        [
            (world.own_unit, since),
            (world.own_unit, today - datetime.timedelta(days=200)),
            (world.own_unit, since - datetime.timedelta(days=1)),
            (world.other_unit, today - datetime.timedelta(days=90)),
            (world.other_unit, since - datetime.timedelta(days=400)),
            (None, today - datetime.timedelta(days=60)),
        ]
    ):
        staff = StaffMemberFactory(organisation=world.organisation, unit=unit)
        plan = plan_for(staff, start=start)
        for item in plan.items.filter(due_date__lt=today).order_by("due_date")[: 1 + number]:
            services.plan_item_tick(item_id=item.pk, actor=support, done=True, expected_version=item.version)
        plans.append(plan)
    services.plan_change_profile(plan=plans[1], actor=manager, profile="ny_kommun")  # items leave the profile
    services.plan_close(plan=plans[3], actor=None, reason="Slutat")  # a closed running plan is finished
    services.plan_close(plan=plans[4], actor=None, reason="Slutat")
    for state in selectors.PLAN_STATES:
        expected = {}
        for plan in selectors.plans_in_state(plans=selectors.visible_plans(user=hr), state=state):
            district = plan.staff.unit.district_id if plan.staff.unit else None
            items = PlanItem.objects.filter(plan=plan, in_profile=True)
            row = expected.setdefault(district, {"plan_count": 0, "item_count": 0, "done_count": 0, "overdue": 0})
            row["plan_count"] += 1
            row["item_count"] += items.count()
            row["done_count"] += items.filter(done=True).count()
            if plan.status == "active":
                row["overdue"] += items.filter(done=False, due_date__lt=today).count()
        got = {
            row["plan__staff__unit__district_id"]: {
                "plan_count": row["plan_count"],
                "item_count": row["item_count"],
                "done_count": row["done_count"],
                "overdue": row["overdue_count"],
            }
            for row in selectors.district_summaries(user=hr, state=state)
        }
        assert got == {key: row for key, row in expected.items() if row["item_count"]}, state
        assert any(row["overdue"] for row in got.values()), state


@pytest.mark.parametrize("role", [Role.HR, Role.ENHETSCHEF, Role.FORSTE_SOCIALSEKRETERARE])
@pytest.mark.parametrize("state", sorted(selectors.PLAN_STATES))
@pytest.mark.parametrize("sort", ["namn", "okänd", "start"])
def test_the_searched_plan_ids_are_the_plans_the_list_keeps_in_its_order(world, role, state, sort):
    supervisor = world.people[Role.FORSTE_SOCIALSEKRETERARE]
    for n, (unit, last_name) in enumerate(
        [(world.own_unit, "Berg"), (world.own_unit, "Berg"), (world.other_unit, "Åberg"), (world.own_unit, "Ek")]
    ):
        hire = StaffMemberFactory(unit=unit, supervisor=supervisor, first_name="Anna", last_name=last_name)
        plan_for(hire, start=selectors.in_progress_since() + datetime.timedelta(days=30 - 60 * (n % 2)))
    StaffMemberFactory(unit=world.own_unit, first_name="Anna", last_name="Berg")  # no plan: not in the list
    user = world.user(role)

    for district_id in (None, world.own_unit.district_id):
        for search in ("anna", "BERG anna", "ingen"):
            plain = selectors.district_plans_plain(user=user, district_id=district_id, state=state, search=search)
            expected = list(selectors.sorted_plans(plans=plain, sort=sort).values_list("pk", flat=True))
            found = selectors.searched_plan_ids(
                user=user, district_id=district_id, state=state, search=search, sort=sort
            )
            assert found == expected
    everyone = selectors.searched_plan_ids(
        user=world.user(Role.HR), district_id=None, state="alla", search="anna", sort=sort
    )
    assert len(everyone) == 4


def test_meeting_rows_are_each_plans_meetings_in_time_order_whichever_plan_is_read_first(world):
    from checklists.models import PlanMeeting

    first, second = plan_for(world.hire), plan_for(world.other_hire)
    PlanMeeting.objects.filter(plan=second).update(with_whom=world.people[Role.FORSTE_SOCIALSEKRETERARE])
    for plan in (first, second, first):
        expected = [
            (meeting.pk, meeting.kind, meeting.starts_at, meeting.held, meeting.with_whom and str(meeting.with_whom))
            for meeting in plan.meetings.select_related("with_whom").order_by("starts_at")
        ]
        found = [
            (row.pk, row.kind, row.starts_at, row.held, row.with_whom) for row in selectors.meeting_rows(plan=plan)
        ]
        assert found == expected and expected
    assert {row.with_whom for row in selectors.meeting_rows(plan=second)} == {
        str(world.people[Role.FORSTE_SOCIALSEKRETERARE])
    }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
def test_an_organisation_wide_plan_search_looks_its_words_up_in_the_readers_organisation_alone(world):
    # By name the overview reads the matching staff first (searched_plan_ids) through the staff list's own search
    # (districts.selectors.visible_staff_matching): the organisation once more as the bigint staff_org_search_trgm_idx
    # looks up with the words; kept as visible_staff's integer alone, every organisation's candidates are read.
    own = StaffMemberFactory(unit=world.own_unit, first_name="Anna", last_name="Lindqvist")
    elsewhere = UnitFactory(district=DistrictFactory(organisation=OrganisationFactory(slug="elsewhere")))
    foreign = StaffMemberFactory(unit=elsewhere, organisation=elsewhere.district.organisation, last_name="Lindqvist")
    plan, _foreign_plan = plan_for(own), plan_for(foreign)
    hr = world.user(Role.HR)
    with CaptureQueriesContext(connection) as queries:
        found = selectors.searched_plan_ids(user=hr, district_id=None, state="alla", search="lindq", sort="namn")
    assert found == [plan.pk]
    (searched,) = [query["sql"] for query in queries.captured_queries if "LIKE" in query["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + searched)
        explained = "\n".join(row[0] for row in cursor.fetchall())
    assert f"organisation_id = '{world.organisation.pk}'::bigint" in explained
