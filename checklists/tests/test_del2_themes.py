"""Del 2 per theme: the 19 themes of each hire, done or not, with the round and session that covered each."""

import datetime

import pytest
from django.urls import reverse

from checklists.del2_themes import del2_themes_for, del2_themes_of
from checklists.tests.factories import plan_for
from courses.models import Attendance, Nomination, NominationStatus
from courses.tests.factories import CourseRoundFactory, del1_of, del2_of
from districts import clock
from districts.models import Role
from districts.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def _del2_round(organisation, days_ago, modules, title):
    """A Del 2 round with one session per group of themes, `days_ago` days back."""
    today = clock.today()
    course_round = CourseRoundFactory(
        course=del2_of(organisation),
        title=title,
        session_dates=[today - datetime.timedelta(days=days_ago + index) for index in range(len(modules))],
    )
    sessions = list(course_round.sessions.order_by("-date"))
    for session, themes in zip(sessions, modules, strict=True):
        session.modules.set(themes)
    return course_round, sessions


def _attended(staff, course_round, sessions_present):
    nomination = Nomination.objects.create(course_round=course_round, staff=staff, status=NominationStatus.BOOKED)
    for session in course_round.sessions.all():
        Attendance.objects.create(session=session, nomination=nomination, present=session in sessions_present)
    return nomination


def _world_with_themes(world):
    themes = list(del2_of(world.organisation).modules.order_by("order", "pk"))
    autumn, (first, second) = _del2_round(world.organisation, 30, [themes[0:2], themes[2:3]], "Del 2 hösten")
    _attended(world.hire, autumn, [first])  # themes 1 and 2 at the first session; absent at the second (theme 3)
    spring, (approved,) = _del2_round(world.organisation, 5, [themes[3:4]], "Del 2 våren")
    completed = Nomination.objects.create(
        course_round=spring, staff=world.hire, status=NominationStatus.COMPLETED, completion_override_reason="Intyg"
    )
    assert completed.pk
    return themes, first, approved


def test_a_theme_is_done_by_attendance_or_a_completed_round_and_names_where(world):
    themes, first, approved = _world_with_themes(world)
    assert len(themes) == 19  # the default Del 2 has nineteen themes (DOMAIN.md)

    result = del2_themes_for([world.hire, world.other_hire])

    mine = result[world.hire.pk]
    assert (mine.done, mine.total) == (3, 19)
    by_title = {row.module.title: row for row in mine.rows}
    assert by_title[themes[0].title].session == first and by_title[themes[1].title].session == first
    assert by_title[themes[0].title].course_round.title == "Del 2 hösten"
    assert not by_title[themes[2].title].done  # absent at the session on it
    assert by_title[themes[3].title].session == approved and by_title[themes[3].title].via_completion
    assert [row.module for row in mine.rows] == themes  # in the course's order
    assert (result[world.other_hire.pk].done, result[world.other_hire.pk].total) == (0, 19)


def test_the_plan_page_counts_themes_not_sessions(world, client):
    _world_with_themes(world)
    plan = plan_for(world.hire)
    client.force_login(world.user(Role.ENHETSCHEF))
    body = client.get(reverse("checklists:plan_detail", args=[plan.pk])).content.decode()
    assert "Del 2: 3 av 19 teman" in body
    assert body.count('data-testid="del2-theme"') == 19
    assert "tillfällen" not in body.split('data-testid="del2-themes"')[1].split("</section>")[0]


def test_the_theme_page_lists_the_managers_and_the_supervisors_own_hires(world, client):
    themes, _first, _approved = _world_with_themes(world)
    left = StaffMemberFactory(unit=world.own_unit, employment_end=clock.today())  # has left: not followed
    assert left.pk

    client.force_login(world.user(Role.ENHETSCHEF))
    body = client.get(reverse("checklists:del2_themes")).content.decode()
    assert "Nora Nyanställd: 3 av 19 teman" in body
    assert world.other_hire.full_name not in body and left.full_name not in body
    assert "Del 2 hösten" in body and themes[0].title in body

    client.force_login(world.user(Role.FORSTE_SOCIALSEKRETERARE))
    assert "Nora Nyanställd: 3 av 19 teman" in client.get(reverse("checklists:del2_themes")).content.decode()

    client.force_login(world.user(Role.SOCIALSEKRETERARE))
    assert client.get(reverse("checklists:del2_themes")).status_code == 403


def test_the_theme_page_reads_a_fixed_number_of_queries(world, client, django_assert_max_num_queries):
    _world_with_themes(world)
    client.force_login(world.user(Role.ENHETSCHEF))
    url = reverse("checklists:del2_themes")
    client.get(url)
    with django_assert_max_num_queries(14) as few:
        client.get(url)
    themes = list(del2_of(world.organisation).modules.order_by("order", "pk"))
    for index in range(6):
        hire = StaffMemberFactory(unit=world.own_unit)
        plan_for(hire)
        course_round, sessions = _del2_round(world.organisation, 50 + index, [themes[index : index + 2]], f"R{index}")
        _attended(hire, course_round, sessions)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('data-testid="del2-hire"') == 7


def _shown(themes):
    return [(row.module, row.session, row.course_round, row.via_completion) for row in themes.rows]


def test_one_hires_themes_are_those_of_the_list_whoever_is_read_first(world):
    _world_with_themes(world)
    # A Del 1 session the hire attended is on a module of another course: not a Del 2 theme.
    del1_round, del1_sessions = _del2_round(world.organisation, 40, [[]], "Del 1 våren")
    del1_round.course = del1_of(world.organisation)
    del1_round.save()
    del1_sessions[0].modules.set(del1_of(world.organisation).modules.all()[:1])
    _attended(world.hire, del1_round, del1_sessions)
    people = [world.other_hire, world.hire, world.other_hire, world.hire]  # the read compiled for the first

    for person in people:
        expected = del2_themes_for([person])[person.pk]
        found = del2_themes_of(person)
        assert _shown(found) == _shown(expected)
        assert (found.done, found.total) == (expected.done, expected.total)
        assert [row.course_round.title for row in found.rows if row.done] == [
            row.course_round.title for row in expected.rows if row.done
        ]
    assert del2_themes_of(world.hire).done == 3
