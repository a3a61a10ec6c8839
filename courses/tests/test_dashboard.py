import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import dashboard, selectors
from courses.views import nominations as nomination_views
from districts import clock
from districts import dashboard as districts_dashboard
from districts.models import OrganisationCounts, Role
from districts.tests.factories import StaffMemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_dates]  # dates relative to today: run on each frozen date


def _hires(world, count, *, first_start):
    """Hires a week apart from `first_start` on, the earliest start first (so the most overdue first)."""
    return [
        StaffMemberFactory(
            unit=world.own_unit,
            employment_start=first_start + datetime.timedelta(days=7 * index),
            roles=[Role.SOCIALSEKRETERARE],
        )
        for index in range(count)
    ]


def _del2_rows_unpaged(user, *, today):
    """Every hire in their Del 2 window with progress, computed the slow way: the reference for the panel."""
    staff = list(
        selectors.nominatable_staff(user=user)
        .filter(
            roles__role=Role.SOCIALSEKRETERARE,
            employment_start__isnull=False,
            employment_start__gte=today - datetime.timedelta(days=2 * 366),
        )
        .distinct()
        .order_by("employment_start", "last_name")
    )
    progress = selectors.del2_progress(staff_ids=[person.pk for person in staff])
    rows = []
    for person in staff:
        attended, total = progress.get(person.pk, (0, 0))
        window_end = selectors.del2_deadline(person.employment_start)
        at_risk = attended < total and (window_end - today).days < 92
        rows.append(selectors.Del2Progress(person, attended, total, window_end, at_risk))
    return rows


def _panel(user, template):
    return next(panel for panel in dashboard.panels(user) if panel.template == template)


def test_del1_panel_shows_the_most_urgent_rows_overdue_first_and_the_total(world):
    user = world.user(Role.UTBILDNINGSSAMORDNARE)
    _hires(world, dashboard.PANEL_ROWS + 5, first_start=clock.today() - datetime.timedelta(days=200))
    everyone = selectors.hires_without_del1_booking(user=user, today=clock.today())
    assert len(everyone) > dashboard.PANEL_ROWS

    panel = _panel(user, "courses/panel_del1.html")

    assert len(panel.context["rows"]) == dashboard.PANEL_ROWS
    assert panel.context["total"] == len(everyone)
    assert [row.staff.pk for row in panel.context["rows"]] == [row.staff.pk for row in everyone[: dashboard.PANEL_ROWS]]
    assert panel.context["rows"][0].overdue
    days = [row.days_left for row in panel.context["rows"]]
    assert days == sorted(days)


def test_dashboard_says_how_many_of_how_many_and_links_the_full_list(client, world):
    _hires(world, dashboard.PANEL_ROWS + 3, first_start=clock.today() - datetime.timedelta(days=200))
    user = world.user(Role.UTBILDNINGSSAMORDNARE)
    client.force_login(user)
    total = len(selectors.hires_without_del1_booking(user=user, today=clock.today()))
    html = client.get(reverse("dashboard")).content.decode()
    assert html.count('data-testid="deadline-row"') == dashboard.PANEL_ROWS
    assert f"Visar {dashboard.PANEL_ROWS} av {total}" in html
    assert reverse("courses:del1_waiting") in html


def test_few_hires_show_no_count_line(client, world):
    client.force_login(world.user(Role.ENHETSCHEF))
    html = client.get(reverse("dashboard")).content.decode()
    assert world.hire.full_name in html
    assert 'data-testid="del1-more"' not in html


def test_del2_panel_shows_the_nearest_window_ends_first_and_the_total(world):
    user = world.user(Role.UTBILDNINGSSAMORDNARE)
    _hires(world, dashboard.PANEL_ROWS + 5, first_start=clock.today() - datetime.timedelta(days=700))
    everyone = _del2_rows_unpaged(user, today=clock.today())

    panel = _panel(user, "courses/panel_del2.html")

    rows = panel.context["rows"]
    assert len(rows) == dashboard.PANEL_ROWS
    assert panel.context["total"] == len(everyone)
    ends = [row.window_end for row in rows]
    assert ends == sorted(ends)
    assert ends[0] == min(row.window_end for row in everyone)
    assert all(row.total > 0 for row in rows)  # progress is computed for the rows shown


def test_a_coordinators_del2_total_is_kept_with_the_organisations_counts_and_follows_every_write(world):
    """The total is the organisation's kept count (districts.org_counts): after each write it is the count from
    scratch at once, and a kept count is what the panel shows."""
    user = world.user(Role.UTBILDNINGSSAMORDNARE)
    hires = _hires(world, 3, first_start=clock.today() - datetime.timedelta(days=700))

    def total():
        districts_dashboard.panels(user)  # counts the organisation's numbers again after a write, and keeps them
        return _panel(user, "courses/panel_del2.html").context["total"]

    def from_scratch():
        return len(_del2_rows_unpaged(user, today=clock.today()))

    first = total()
    assert first == from_scratch()
    kept = OrganisationCounts.objects.get(organisation=world.organisation)
    assert kept.counted_version == kept.version and kept.counts[dashboard.DEL2_WINDOW_COUNT] == first
    _hires(world, 1, first_start=clock.today() - datetime.timedelta(days=10))  # a new hire and her role
    assert total() == from_scratch() == first + 1
    hires[0].roles.filter(role=Role.SOCIALSEKRETERARE).delete()  # a role taken away
    assert total() == from_scratch() == first
    hires[1].employment_end = clock.today()  # leaves today
    hires[1].save()
    assert total() == from_scratch() == first - 1
    hires[2].employment_start = clock.today() - datetime.timedelta(days=3 * 365)  # out of the window
    hires[2].save()
    assert total() == from_scratch() == first - 2
    OrganisationCounts.objects.filter(pk=kept.pk).update(
        counts={**OrganisationCounts.objects.get(pk=kept.pk).counts, dashboard.DEL2_WINDOW_COUNT: 9999}
    )
    assert total() == 9999  # read, not counted


def test_an_enhetschefs_del2_total_is_her_units_counted_each_time(world):
    user = world.user(Role.ENHETSCHEF)
    _hires(world, 2, first_start=clock.today() - datetime.timedelta(days=700))
    StaffMemberFactory(employment_start=clock.today() - datetime.timedelta(days=5), roles=[Role.SOCIALSEKRETERARE])
    districts_dashboard.panels(user)
    assert _panel(user, "courses/panel_del2.html").context["total"] == len(
        _del2_rows_unpaged(user, today=clock.today())
    )


def test_a_superuser_without_a_staff_record_sees_every_hire_in_the_del2_total(client, world, django_user_model):
    # A superuser has no places or certificates of their own, but nominates: their Del 2 total is counted too
    # (it once looked for a count that was only read for users with a staff record, and the dashboard answered 500).
    _hires(world, 2, first_start=clock.today() - datetime.timedelta(days=700))
    admin = django_user_model.objects.create_superuser("admin@example.se", "admin@example.se", "x")
    client.force_login(admin)
    assert client.get(reverse("dashboard")).status_code == 200
    assert _panel(admin, "courses/panel_del2.html").context["total"] == len(
        _del2_rows_unpaged(admin, today=clock.today())
    )


def test_full_del1_list_paginates_overdue_first(client, world, monkeypatch):
    monkeypatch.setattr(nomination_views, "HIRE_LIST_PAGE_SIZE", 10)
    user = world.user(Role.UTBILDNINGSSAMORDNARE)
    _hires(world, 25, first_start=clock.today() - datetime.timedelta(days=200))
    everyone = [row.staff.full_name for row in selectors.hires_without_del1_booking(user=user, today=clock.today())]
    client.force_login(user)
    url = reverse("courses:del1_waiting")

    pages = [client.get(url, {"sida": number}) for number in (1, 2, 3)]

    shown = [[row.staff.full_name for row in page.context["rows"]] for page in pages]
    assert [len(names) for names in shown] == [10, 10, len(everyone) - 20]
    assert sum(shown, []) == everyone
    html = pages[0].content.decode()
    assert f"{len(everyone)} nyanställda" in html and "Sida 1 av 3" in html
    assert client.get(url, {"sida": "last"}).context["rows"][-1].staff.full_name == everyone[-1]


def test_full_del2_list_paginates(client, world, monkeypatch):
    monkeypatch.setattr(nomination_views, "HIRE_LIST_PAGE_SIZE", 10)
    user = world.user(Role.UTBILDNINGSSAMORDNARE)
    _hires(world, 15, first_start=clock.today() - datetime.timedelta(days=700))
    total = len(_del2_rows_unpaged(user, today=clock.today()))
    client.force_login(user)
    first = client.get(reverse("courses:del2_progress"))
    second = client.get(reverse("courses:del2_progress"), {"sida": 2})
    assert len(first.context["rows"]) == 10 and len(second.context["rows"]) == total - 10
    assert first.context["rows"][-1].window_end <= second.context["rows"][0].window_end


def test_enhetschef_sees_only_her_unit_on_the_full_list(client, world):
    client.force_login(world.user(Role.ENHETSCHEF))
    html = client.get(reverse("courses:del1_waiting")).content.decode()
    assert world.hire.full_name in html and world.other_hire.full_name not in html


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", ["dashboard", "courses:del1_waiting", "courses:del2_progress"])
def test_query_count_does_not_grow_with_the_number_of_hires(client, world, name):
    """Above the panel's size (where the total needs its count query), more hires cost no more queries."""
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    url = reverse(name)
    _hires(world, dashboard.PANEL_ROWS + 1, first_start=clock.today() - datetime.timedelta(days=200))
    _hires(world, dashboard.PANEL_ROWS + 1, first_start=clock.today() - datetime.timedelta(days=600))
    client.get(url)  # warm caches (sessions, settings rows)
    few = _count_queries(client, url)
    _hires(world, 20, first_start=clock.today() - datetime.timedelta(days=180))
    _hires(world, 20, first_start=clock.today() - datetime.timedelta(days=580))
    # The first read after a write counts the organisation panel again and keeps it (districts.org_counts).
    client.get(url)
    assert _count_queries(client, url) == few


def test_a_hire_on_their_last_day_is_in_no_panel(world, django_capture_on_commit_callbacks):
    """Their places are given up and their plan closed that day: the Del 1 and Del 2 panels agree with the others.

    (checklists.tests.test_dashboard shows the plan panels agree too; courses may not import checklists.)
    """
    from districts import dashboard as district_dashboard
    from districts.services import staff_update

    today = clock.today()
    leaver = StaffMemberFactory(unit=world.own_unit, roles=[Role.SOCIALSEKRETERARE])
    staying = StaffMemberFactory(unit=world.own_unit, roles=[Role.SOCIALSEKRETERARE])
    fields = ("first_name", "last_name", "work_email", "unit", "employment_start", "employment_type")
    fields += ("competence_level", "introduction_profile", "gender", "supervisor", "mentor")
    with django_capture_on_commit_callbacks(execute=True):
        staff_update(staff=leaver, actor=None, employment_end=today, **{name: getattr(leaver, name) for name in fields})

    manager = world.user(Role.ENHETSCHEF)
    panels = {str(panel.title): panel for panel in dashboard.panels(manager) + district_dashboard.panels(manager)}
    waiting = {row.staff.pk for row in panels["Nyanställda utan plats på Del 1"].context["rows"]}
    in_del2 = {row.staff.pk for row in panels["Del 2 för nyanställda"].context["rows"]}
    hires = {hire.pk for hire in panels["Nyanställda på din enhet"].context["hires"]}
    assert staying.pk in waiting and staying.pk in in_del2 and staying.pk in hires
    assert leaver.pk not in waiting | in_del2 | hires


def test_an_overdue_hire_is_proposed_a_round_after_the_deadline_with_the_same_one_click_nominera(client, world):
    from courses.models import Nomination, NominationStatus
    from courses.tests.factories import CourseRoundFactory, del1_of

    today = clock.today()
    course_round = CourseRoundFactory(
        course=del1_of(world.organisation), session_dates=[today + datetime.timedelta(days=21)]
    )
    (overdue,) = _hires(world, 1, first_start=today - datetime.timedelta(days=250))
    client.force_login(world.user(Role.ENHETSCHEF))
    page = client.get(reverse("courses:nominate", args=[overdue.pk])).content.decode()
    assert 'data-testid="proposal-after-deadline"' in page and course_round.title in page
    html = client.get(reverse("dashboard")).content.decode()
    assert f'data-testid="after-deadline-{overdue.pk}"' in html
    assert f'data-testid="nominate-{overdue.pk}"' in html
    response = client.post(
        reverse("courses:nominate", args=[overdue.pk]), {"course_round": course_round.pk, "next": reverse("dashboard")}
    )
    assert response.status_code == 302
    assert Nomination.objects.get(staff=overdue).status == NominationStatus.BOOKED


def _clash_day() -> datetime.date:
    from courses.tests.test_closure_days import _working_day

    return _working_day(150)


def _coordinator_dashboard_queries(client, world, hires: int, rounds: int) -> int:
    from courses.tests.factories import CourseRoundFactory, del1_of

    today = clock.today()
    _hires(world, hires, first_start=today - datetime.timedelta(days=60))
    for index in range(rounds):
        CourseRoundFactory(
            course=del1_of(world.organisation),
            capacity=2,
            session_dates=[today + datetime.timedelta(days=10 + 30 * index), _clash_day()],
        )
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("dashboard")).status_code == 200
    return len(queries)


def test_the_coordinators_dashboard_does_not_grow_queries_with_hires_rounds_or_clashes(
    client, world, django_assert_max_num_queries
):
    from courses import services

    # Past PANEL_ROWS hires a panel counts its total once more; from there on the count is constant.
    few = _coordinator_dashboard_queries(client, world, hires=dashboard.PANEL_ROWS + 1, rounds=1)
    services.closure_day_add(actor=None, organisation=world.organisation, date=_clash_day())
    many = _coordinator_dashboard_queries(client, world, hires=30, rounds=6)  # and a clash on every round
    assert many <= few
    with django_assert_max_num_queries(40):
        html = client.get(reverse("dashboard")).content.decode()
    assert html.count('data-testid="closure-clash"') == 7  # every round's session on the closed day


def test_the_seat_forecast_panel_shows_who_must_take_each_round_and_proposes_seats_where_they_do_not_fit(client, world):
    from courses.tests.factories import CourseRoundFactory, del1_of

    today = clock.today()
    course = del1_of(world.organisation)
    soon = CourseRoundFactory(course=course, capacity=1, session_dates=[today + datetime.timedelta(days=14)])
    CourseRoundFactory(course=course, capacity=30, session_dates=[today + datetime.timedelta(days=200)])
    world.hire.__class__.objects.filter(pk__in=[world.hire.pk, world.other_hire.pk]).update(
        employment_start=today - datetime.timedelta(days=1000)  # the world's own hires: long past their window
    )
    # Three hires whose deadline is in about 40 days: only the first round meets it, and it has one seat.
    _hires(world, 3, first_start=today - datetime.timedelta(days=82))
    user = world.user(Role.UTBILDNINGSSAMORDNARE)
    panel = _panel(user, "courses/panel_seat_forecast.html")
    first = panel.context["forecast"].rounds[0]
    assert first.round.id == soon.pk
    assert (first.must_take, first.round.free_seats, first.shortfall) == (3, 1, 2)
    client.force_login(user)
    html = client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="seat-forecast"' in html
    assert "planera en extra omgång som slutar senast" in html  # two more on a round of one: an extra round


def test_a_waitlisted_hire_is_offered_a_move_not_a_second_nomination(client, world):
    from courses import services
    from courses.tests.factories import CourseRoundFactory, del1_of

    today = clock.today()
    full = CourseRoundFactory(
        course=del1_of(world.organisation), capacity=1, session_dates=[today + datetime.timedelta(days=20)]
    )
    CourseRoundFactory(course=del1_of(world.organisation), session_dates=[today + datetime.timedelta(days=50)])
    services.round_nominate(course_round=full, staff=world.other_hire, actor=None)
    waiting = services.round_nominate(course_round=full, staff=world.hire, actor=None)
    client.force_login(world.user(Role.ENHETSCHEF))
    html = client.get(reverse("dashboard")).content.decode()
    assert f'data-testid="move-{world.hire.pk}"' in html
    assert reverse("courses:nomination_move", args=[waiting.pk]) in html
    assert f'data-testid="nominate-{world.hire.pk}"' not in html


def test_each_hire_booked_on_del1_is_listed_with_a_link_to_their_round_and_its_first_day(client, world):
    from django.template.defaultfilters import date

    from courses import services
    from courses.tests.factories import CourseRoundFactory, del1_of

    today = clock.today()
    soon, later = (
        CourseRoundFactory(course=del1_of(world.organisation), session_dates=[today + datetime.timedelta(days=days)])
        for days in (20, 50)
    )
    services.round_nominate(course_round=soon, staff=world.hire, actor=None)
    services.round_nominate(course_round=later, staff=world.other_hire, actor=None)
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    html = client.get(reverse("dashboard")).content.decode()
    booked = html[html.index('data-testid="del1-booked"') :]
    for person, course_round in ((world.hire, soon), (world.other_hire, later)):
        link = f'<a href="{reverse("courses:round_detail", args=[course_round.pk])}">{course_round.title}</a>'
        assert f"{person.full_name} – {link}, {date(course_round.starts_on, 'j b Y')}</li>" in booked
