"""What courses writes in Python rather than templates (the calendar's cards, the round selects) shows the same."""

import datetime
import re
from dataclasses import replace
from pathlib import Path

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from courses import selectors, services
from courses.forms import NominateForm, NominationMoveForm
from courses.models import DropOutReason, RoundStatus
from courses.templatetags.course_calendar import round_cards
from courses.tests.factories import CourseRoundFactory, del1_of, del2_of
from districts import clock
from districts.models import Role
from districts.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db

# The card loop with courses/_status_badge.html and courses/_fill.html that the tag replaced: the reference.
TEMPLATE_LOOP = Template((Path(__file__).parent / "round_cards_reference.html").read_text())


def _squeezed(html: str) -> str:
    """Return the HTML with the whitespace between tags dropped and every other run of it one space."""
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", str(html))).strip()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_round_cards_match_the_card_templates(world, language):
    year = 2031
    day = datetime.date(year, 3, 3)
    kinds = [del1_of(world.organisation), del2_of(world.organisation)]
    # (status, capacity, booked, waitlisted, days): every colour of the bar, one-day and longer rounds.
    cases = [
        (RoundStatus.OPEN, 25, 0, 0, 1),
        (RoundStatus.OPEN, 25, 21, 0, 3),
        (RoundStatus.FULL, 25, 25, 4, 2),
        (RoundStatus.FULL, 3, 5, 1, 1),
        (RoundStatus.HELD, 25, 17, 0, 2),
        (RoundStatus.CANCELLED, 20, 7, 2, 1),
        (RoundStatus.PLANNED, 32, 11, 0, 40),
    ]
    for number, (status, capacity, _booked, _waiting, days) in enumerate(cases):
        CourseRoundFactory(
            course=kinds[number % 2],
            title=f'Omgång <{number}> & "vår"',
            status=status,
            capacity=capacity,
            session_dates=[day + datetime.timedelta(days=number), day + datetime.timedelta(days=number + days - 1)],
        )
    coordinator = world.user(Role.UTBILDNINGSSAMORDNARE)
    months = selectors.calendar_year(user=coordinator, year=year)
    fills = [(booked, waiting) for _status, _capacity, booked, waiting, _days in cases]
    rounds = [
        replace(course_round, booked_count=booked, waitlist_count=waiting)
        for course_round, (booked, waiting) in zip(months[2].rounds, fills, strict=True)
    ]
    # The templates are given the rounds as model instances, read as every other round page reads them.
    instances = list(selectors.visible_rounds(user=coordinator).filter(pk__in=[r.pk for r in rounds]).order_by("pk"))
    assert [r.pk for r in instances] == [r.pk for r in rounds]
    for course_round, (booked, waiting) in zip(instances, fills, strict=True):
        course_round.booked_count, course_round.waitlist_count = booked, waiting
    with translation.override(language):
        for cards, month_rounds in ((rounds, instances), (months[3].rounds, [])):  # one with rounds, one without
            expected = TEMPLATE_LOOP.render(Context({"month": {"rounds": month_rounds}}))
            assert _squeezed(round_cards(cards)) == _squeezed(expected)
        written = round_cards(rounds)
    assert "Omgång &lt;0&gt; &amp; &quot;vår&quot;" in written
    for colour in ("bg-success", "bg-warning", "bg-danger", "bg-secondary"):
        assert f"progress-bar {colour}" in written
    assert "text-decoration-line-through" in written and "pct-167" in written


def test_round_cards_read_nothing_more_from_the_database(world, django_assert_num_queries):
    for number in range(3):
        CourseRoundFactory(course=del1_of(world.organisation), session_dates=[datetime.date(2031, 5, 1 + number)])
    rounds = selectors.calendar_year(user=world.user(Role.UTBILDNINGSSAMORDNARE), year=2031)[4].rounds
    assert len(rounds) == 3
    with django_assert_num_queries(0):
        round_cards(rounds)


@pytest.mark.parametrize("form_class", [NominateForm, NominationMoveForm])
def test_the_round_selects_write_what_django_s_select_writes(world, form_class):
    rounds = [
        CourseRoundFactory(course=del1_of(world.organisation), title=f"Omgång <{number}> & co") for number in range(3)
    ]
    visible = selectors.visible_rounds(user=world.user(Role.UTBILDNINGSSAMORDNARE)).order_by("starts_on", "pk")
    for data in (None, {"course_round": str(rounds[1].pk)}, {"course_round": "x"}):
        form = form_class(data, rounds=visible)
        form.is_valid()
        written = str(form["course_round"])
        form.fields["course_round"].widget = forms.Select(choices=form.fields["course_round"].choices)
        assert _squeezed(written) == _squeezed(form["course_round"])
        assert written.count("<option") == 4 and "Omgång &lt;0&gt; &amp; co" in written
    chosen = form_class({"course_round": rounds[1].pk}, rounds=visible)
    assert f'<option value="{rounds[1].pk}" selected>' in str(chosen["course_round"])


def test_the_calendar_counts_each_round_s_fill_as_every_other_round_page_does(world):
    """The calendar counts by subqueries, the other pages over a join: the same booked and waitlisted numbers."""
    coordinator = world.user(Role.UTBILDNINGSSAMORDNARE)
    year = clock.today().year + 1
    small, large, empty = (
        CourseRoundFactory(
            course=del1_of(world.organisation), capacity=capacity, session_dates=[datetime.date(year, 2, day)]
        )
        for capacity, day in ((2, 3), (30, 4), (5, 5))
    )
    nominations = []
    for _ in range(5):
        person = StaffMemberFactory(unit=world.own_unit)
        nominations.append(services.round_nominate(course_round=small, staff=person, actor=coordinator))
        services.round_nominate(course_round=large, staff=StaffMemberFactory(unit=world.own_unit), actor=coordinator)
    services.nomination_cancel(nomination=nominations[0], actor=coordinator)  # a waiting one moves up
    services.nomination_drop_out(nomination=nominations[1], reason=DropOutReason.OTHER, text="Sjuk", actor=coordinator)
    february = selectors.calendar_year(user=coordinator, year=year)[1].rounds
    shown = {r.pk: (r.booked_count, r.waitlist_count) for r in february}
    joined = selectors.visible_rounds(user=coordinator).filter(pk__in=shown)
    assert shown == {r.pk: (r.booked_count, r.waitlist_count) for r in joined}
    assert shown[empty.pk] == (0, 0) and shown[large.pk] == (5, 0) and shown[small.pk][1] == 2
