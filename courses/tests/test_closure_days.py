"""Closure days: the coordinator closes and opens days; the planner skips them; planned sessions on them are flagged."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from courses import dashboard, planning, selectors, services
from courses.models import ClosureDay, CourseKind, CourseRound, RoundStatus
from courses.selectors.planning import CLASH_HOLIDAY_YEARS
from courses.tests.factories import CourseRoundFactory, del1_of
from districts import clock
from districts.models import Role
from districts.tests.factories import OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_dates]  # dates relative to today: run on each frozen date


def _working_day(after_days: int) -> datetime.date:
    """The first weekday that is no public holiday, `after_days` from today on."""
    day = clock.today() + datetime.timedelta(days=after_days)
    closed = planning.public_holidays(range(day.year, day.year + 2))
    while not planning.is_working_day(day, closed):
        day += datetime.timedelta(days=1)
    return day


def _rounds_panel(user):
    return next(panel for panel in dashboard.panels(user) if panel.template == "courses/panel_rounds.html")


def test_a_closure_day_is_added_with_its_reason_and_recorded_with_the_actor(world):
    coordinator = world.user(Role.UTBILDNINGSSAMORDNARE)
    day = _working_day(20)
    closure = services.closure_day_add(actor=coordinator, organisation=world.organisation, date=day, reason=" Klämdag ")
    assert (closure.date, closure.reason) == (day, "Klämdag")
    assert closure.history.get().history_user == coordinator
    services.closure_day_remove(actor=coordinator, closure_day=closure)
    assert not ClosureDay.objects.exists()
    assert [row.history_type for row in ClosureDay.history.order_by("history_id")] == ["+", "-"]


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (-1, "Välj i dag eller en senare dag"),
        (365 * 4, "högst 3 år framåt"),
    ],
)
def test_a_closure_day_in_the_past_or_far_ahead_is_refused_in_swedish(world, days, message):
    with pytest.raises(ValidationError, match=message):
        services.closure_day_add(
            actor=None, organisation=world.organisation, date=clock.today() + datetime.timedelta(days=days)
        )
    assert not ClosureDay.objects.exists()


def test_a_weekend_a_holiday_or_a_day_already_closed_is_refused_in_swedish(world):
    today = clock.today()
    saturday = today + datetime.timedelta(days=(5 - today.weekday()) % 7 or 7)
    with pytest.raises(ValidationError, match="lördag eller söndag"):
        services.closure_day_add(actor=None, organisation=world.organisation, date=saturday)
    midsummer_eve = next(
        day for day, name in planning.public_holiday_names([today.year + 1]).items() if name == "Midsommarafton"
    )
    with pytest.raises(ValidationError, match="redan stängd"):
        services.closure_day_add(actor=None, organisation=world.organisation, date=midsummer_eve)
    day = _working_day(10)
    services.closure_day_add(actor=None, organisation=world.organisation, date=day)
    with pytest.raises(ValidationError, match="redan en stängd dag"):
        services.closure_day_add(actor=None, organisation=world.organisation, date=day)
    assert ClosureDay.objects.count() == 1


def test_the_planner_skips_a_closure_day_for_new_rounds(world):
    today = clock.today()
    plans = planning.del1_rounds(
        today=today, modules=[("a", 3)], excluded_months={6, 7, 8}, weekday=1, week_of_month=2, lead_days=0
    )
    first_day = plans[1].sessions[0].date
    services.closure_day_add(actor=None, organisation=world.organisation, date=first_day, reason="Planeringsdag")
    CourseRound.objects.filter(course__organisation=world.organisation).delete()
    services.rounds_plan(organisation=world.organisation, today=today)
    planned = CourseRound.objects.get(course__kind=CourseKind.DEL1, planning_key=plans[1].planning_key)
    assert first_day not in set(planned.sessions.values_list("date", flat=True))


def test_a_round_already_planned_on_a_new_closure_day_is_flagged_on_the_dashboard_and_not_moved(world):
    coordinator = world.user(Role.UTBILDNINGSSAMORDNARE)
    day = _working_day(40)
    course_round = CourseRoundFactory(course=del1_of(world.organisation), session_dates=[day])
    assert _rounds_panel(coordinator).context["clashes"] == []
    services.closure_day_add(actor=coordinator, organisation=world.organisation, date=day, reason="Klämdag")
    (clash,) = _rounds_panel(coordinator).context["clashes"]
    assert (clash.session.course_round, clash.session.date, clash.reason) == (course_round, day, "Klämdag")
    assert list(course_round.sessions.values_list("date", flat=True)) == [day]  # not moved silently


def test_a_session_on_a_public_holiday_is_flagged_and_cancelled_or_held_rounds_and_other_organisations_are_not(world):
    coordinator = world.user(Role.UTBILDNINGSSAMORDNARE)
    today = clock.today()
    holiday = next(day for day in sorted(planning.public_holidays([today.year + 1])) if day.weekday() < 5)
    flagged = CourseRoundFactory(course=del1_of(world.organisation), session_dates=[holiday])
    CourseRoundFactory(course=del1_of(world.organisation), status=RoundStatus.CANCELLED, session_dates=[holiday])
    foreign = OrganisationFactory()
    services.programme_install_defaults(organisation=foreign)
    CourseRoundFactory(course=del1_of(foreign), session_dates=[holiday])
    clashes = selectors.closure_clashes(user=coordinator, today=today)
    assert [clash.session.course_round for clash in clashes] == [flagged]
    assert clashes[0].reason == planning.public_holiday_names([holiday.year])[holiday]


def test_a_holiday_session_beyond_the_years_the_clash_query_matches_is_still_flagged(world):
    """The query matches the holidays of the next few years; a session later than that is checked in Python."""
    coordinator = world.user(Role.UTBILDNINGSSAMORDNARE)
    today = clock.today()
    year = today.year + CLASH_HOLIDAY_YEARS + 1
    holiday = next(day for day in sorted(planning.public_holidays([year])) if day.weekday() < 5)
    working = next(
        day
        for day in (datetime.date(year, 3, 2) + datetime.timedelta(days=offset) for offset in range(14))
        if day.weekday() < 5 and day not in planning.public_holidays([year])
    )
    flagged = CourseRoundFactory(course=del1_of(world.organisation), session_dates=[holiday])
    CourseRoundFactory(course=del1_of(world.organisation), session_dates=[working])
    clashes = selectors.closure_clashes(user=coordinator, today=today)
    assert [(clash.session.course_round, clash.session.date) for clash in clashes] == [(flagged, holiday)]
    assert clashes[0].reason == planning.public_holiday_names([year])[holiday]


def test_the_coordinator_adds_and_removes_a_closure_day_on_the_planning_page(client, world):
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    day = _working_day(30)
    CourseRoundFactory(course=del1_of(world.organisation), title="Del 1 krock", session_dates=[day])
    response = client.post(reverse("courses:closure_day_add"), {"date": day.isoformat(), "reason": "Klämdag"})
    assert response.status_code == 302
    page = client.get(reverse("courses:planning_settings")).content.decode()
    assert page.count('data-testid="closure-day"') == 1 and "Klämdag" in page
    dashboard_page = client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="closure-clash"' in dashboard_page and "Del 1 krock" in dashboard_page
    closure = ClosureDay.objects.get()
    assert client.post(reverse("courses:closure_day_remove", args=[closure.pk])).status_code == 302
    assert not ClosureDay.objects.exists()
    assert 'data-testid="closure-clash"' not in client.get(reverse("dashboard")).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "", "reason": ""}, "Detta fält måste fyllas i"),
        ({"date": "31/31/2027", "reason": ""}, "Fyll i ett giltigt datum"),
        ({"date": "2020-01-07", "reason": ""}, "Välj i dag eller en senare dag"),
        ({"date": "2027-03-03", "reason": "x" * 201}, "som mest 200 tecken"),
    ],
)
def test_bad_closure_day_input_gets_a_swedish_message_and_changes_nothing(client, world, data, message):
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    response = client.post(reverse("courses:closure_day_add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ClosureDay.objects.exists()


def test_another_organisations_closure_day_cannot_be_removed(client, world):
    foreign = OrganisationFactory()
    closure = ClosureDay.objects.create(organisation=foreign, date=_working_day(15))
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    assert client.post(reverse("courses:closure_day_remove", args=[closure.pk])).status_code == 404
    assert ClosureDay.objects.filter(pk=closure.pk).exists()
