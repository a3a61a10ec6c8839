"""Each role's dashboard takes at most 15 queries, the same number however much the organisation holds."""

import datetime

import pytest
from django.urls import reverse

from checklists.tests.factories import plan_for
from courses import services as course_services
from courses.tests.factories import CourseRoundFactory, del1_of
from districts import clock
from districts.models import Role
from districts.tests.factories import StaffMemberFactory
from districts.tests.query_counts import MAX_QUERIES_PER_PAGE, assert_queries_flat
from surveys.tests.factories import opened_survey

pytestmark = pytest.mark.django_db


def grow_organisation(world, *, hires: int, rounds: int) -> None:
    """Add hires (three in four in the unit, the first 16 with plans), coming rounds with half of them nominated."""
    today = clock.today()
    coordinator = world.user(Role.UTBILDNINGSSAMORDNARE)
    supervisor = world.people[Role.FORSTE_SOCIALSEKRETERARE]
    people = []
    for number in range(hires):
        unit = world.own_unit if number % 4 else world.other_unit
        staff = StaffMemberFactory(
            unit=unit,
            supervisor=supervisor if unit == world.own_unit else None,
            employment_start=today - datetime.timedelta(days=10 + number),
        )
        if number < 16:
            plan_for(staff, start=staff.employment_start)
        people.append(staff)
    for number in range(rounds):
        course_round = CourseRoundFactory(
            course=del1_of(world.organisation), session_dates=[today + datetime.timedelta(days=7 + 30 * number)]
        )
        for staff in people[number : hires // 2 : rounds]:  # the other half still waits for a Del 1 seat
            course_services.round_nominate(course_round=course_round, staff=staff, actor=coordinator)
        opened_survey(world.organisation, people=3, unit=world.own_unit)


# These two gather the most panels (five apps each); they took about 30 and 27 queries before the panels shared
# their one-value reads (districts.panels.read_facts) and read their first rows with their totals.
BUSIEST = (Role.UTBILDNINGSSAMORDNARE, Role.ENHETSCHEF)


def _dashboards(world, roles):
    return [(world.user(role), f"{reverse('dashboard')}?som={role}") for role in roles]  # one key per role


def test_every_dashboard_takes_at_most_15_queries_and_the_same_at_any_size(client, world):
    plan_for(world.hire)
    # Already more rows than a panel lists (20): past that, a panel counts the rest ("and 3 more") in one query.
    grow_organisation(world, hires=64, rounds=2)
    counts = assert_queries_flat(
        client, _dashboards(world, Role), grow=lambda: grow_organisation(world, hires=30, rounds=4)
    )
    within = {role: counts[url] for (_user, url), role in zip(_dashboards(world, Role), Role, strict=True)}
    assert all(count <= MAX_QUERIES_PER_PAGE for count in within.values()), within


def test_the_busiest_dashboards_take_at_most_15_queries_from_a_few_rows_to_more_than_a_panel_shows(client, world):
    plan_for(world.hire)
    grow_organisation(world, hires=4, rounds=1)
    # From fewer rows than a panel lists to more: the panels' totals are read with their rows, not apart.
    assert_queries_flat(client, _dashboards(world, BUSIEST), grow=lambda: grow_organisation(world, hires=40, rounds=2))


# Each role's dashboard at its own count (the test client's session and user reads included): a panel that began
# to read per row, or a read that stopped being shared, shows here before it reaches the 15 of every page.
DASHBOARD_QUERIES = {
    Role.SOCIALSEKRETERARE: 6,
    Role.FORSTE_SOCIALSEKRETERARE: 6,
    Role.ENHETSCHEF: 13,
    Role.UTBILDNINGSSAMORDNARE: 13,
    Role.UTBILDARSTOD: 6,
    Role.HR: 5,
    Role.OMRADESCHEF: 5,
}


def _grow_with_clashes(world, *, hires: int, rounds: int) -> None:
    """Grow the organisation, and put coming sessions on a closure day and on a public holiday (both shown)."""
    from courses import planning
    from courses import services as courses_services
    from courses.models import ClosureDay

    grow_organisation(world, hires=hires, rounds=rounds)
    today = clock.today()
    holidays = sorted(day for day in planning.public_holidays([today.year + 1]) if day.weekday() < 5)
    taken = set(ClosureDay.objects.filter(organisation=world.organisation).values_list("date", flat=True))
    for number in range(rounds):
        closed = next(
            day
            for day in (today + datetime.timedelta(days=60 + offset) for offset in range(200))
            if day.weekday() < 5 and day not in taken and day not in planning.public_holidays([day.year])
        )
        taken.add(closed)
        courses_services.closure_day_add(actor=None, organisation=world.organisation, date=closed, reason="Klämdag")
        CourseRoundFactory(course=del1_of(world.organisation), session_dates=[closed, holidays[number]])


def test_each_dashboard_takes_its_own_number_of_queries_at_two_sizes(client, world):
    plan_for(world.hire)
    _grow_with_clashes(world, hires=6, rounds=1)
    counts = assert_queries_flat(
        client, _dashboards(world, Role), grow=lambda: _grow_with_clashes(world, hires=60, rounds=3)
    )
    found = {role: counts[url] for (_user, url), role in zip(_dashboards(world, Role), Role, strict=True)}
    assert found == DASHBOARD_QUERIES
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    page = client.get(reverse("dashboard")).content.decode()
    assert page.count('data-testid="closure-clash"') == 2 * (1 + 3)  # a closure day and a holiday each growth
