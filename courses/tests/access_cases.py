"""Access cases of the course pages: the programme and rounds are organisation-wide, the rest by capability."""

import datetime

from courses import planning, services
from courses.models import ClosureDay, DialogueGroup, Nomination
from courses.tests.factories import CourseRoundFactory, del1_of
from districts import clock
from districts.tests.access_table import PageCase, PublicPage, every_role, roles

COORDINATOR = "utbildningssamordnare"


def _round(world):
    course = del1_of(world.organisation)
    existing = course.rounds.filter(title="Åtkomsttest").first()
    return existing or CourseRoundFactory(course=course, title="Åtkomsttest", capacity=10)


def _nomination(world, staff):
    course_round = _round(world)
    existing = Nomination.objects.filter(course_round=course_round, staff=staff).first()
    return existing or services.round_nominate(course_round=course_round, staff=staff, actor=None)


def _group(world):
    course_round = _round(world)
    _nomination(world, world.hire)
    _nomination(world, world.other_hire)
    return (
        DialogueGroup.objects.filter(course_round=course_round).first()
        or services.dialogue_groups_split(course_round=course_round, group_size=2)[0]
    )


def _own_round(world):
    return {"pk": _round(world).pk}


def _started_round(world):
    """A round whose first session is today, so that it may be marked held."""
    course = del1_of(world.organisation)
    existing = course.rounds.filter(title="Åtkomsttest pågår").first()
    return {
        "pk": (
            existing or CourseRoundFactory(course=course, title="Åtkomsttest pågår", session_dates=[clock.today()])
        ).pk
    }


def _own_session(world):
    return {"pk": _round(world).sessions.first().pk}


def _own_course(world):
    return {"pk": del1_of(world.organisation).pk}


def _own_nomination(world):
    return {"pk": _nomination(world, world.hire).pk}


def _other_nomination(world):
    return {"pk": _nomination(world, world.other_hire).pk}


def _working_day(after_days: int) -> datetime.date:
    day = clock.today() + datetime.timedelta(days=after_days)
    closed = planning.public_holidays(range(day.year, day.year + 2))
    while not planning.is_working_day(day, closed):
        day += datetime.timedelta(days=1)
    return day


def _own_closure_day(world):
    closure, _created = ClosureDay.objects.get_or_create(organisation=world.organisation, date=_working_day(26))
    return {"pk": closure.pk}


EVERYONE = every_role(200)
COORDINATOR_PAGE = roles((403, None), utbildningssamordnare=(200, None))
NOMINATOR_PAGE = roles((403, None), utbildningssamordnare=(200, None), enhetschef=(200, None))
COORDINATOR_POST = roles((403, None), utbildningssamordnare=(302, None))
COORDINATOR_POST_PAIR = roles((403, 403), utbildningssamordnare=(302, 302))

CASES = [
    PageCase("courses:calendar", EVERYONE),
    PageCase("courses:course_list", EVERYONE),
    PageCase("courses:course_create", COORDINATOR_PAGE),
    PageCase("courses:course_edit", COORDINATOR_PAGE, own=_own_course),
    PageCase("courses:module_create", COORDINATOR_PAGE, own=lambda world: {"course_pk": _own_course(world)["pk"]}),
    PageCase(
        "courses:module_edit",
        COORDINATOR_PAGE,
        own=lambda world: {"pk": del1_of(world.organisation).modules.first().pk},
    ),
    PageCase("courses:round_create", COORDINATOR_PAGE),
    PageCase("courses:round_detail", EVERYONE, own=_own_round),
    PageCase("courses:round_ics", EVERYONE, own=_own_round),
    PageCase("courses:round_edit", COORDINATOR_PAGE, own=_own_round),
    PageCase(
        "courses:round_move",
        COORDINATOR_POST,
        own=_own_round,
        method="post",
        data=lambda world: {"new_start": "2030-01-08"},
    ),
    PageCase("courses:round_cancel", COORDINATOR_POST, own=_own_round, method="post"),
    PageCase("courses:round_mark_held", COORDINATOR_PAGE, own=_started_round),
    # Posted without the form's data: the page answers with its form again and nothing is held.
    PageCase("courses:round_mark_held", COORDINATOR_PAGE, own=_started_round, method="post"),
    PageCase("courses:session_create", COORDINATOR_PAGE, own=_own_round),
    PageCase("courses:session_edit", COORDINATOR_PAGE, own=_own_session),
    PageCase("courses:session_cancel", COORDINATOR_POST, own=_own_session, method="post"),
    PageCase(
        "courses:round_nominate",
        roles((403, None), utbildningssamordnare=(302, None), enhetschef=(302, None)),
        own=_own_round,
        method="post",
        data=lambda world: {"staff": world.hire.pk},
    ),
    PageCase("courses:attendance", COORDINATOR_PAGE, own=_own_round),
    PageCase("courses:dialogue_groups", COORDINATOR_PAGE, own=_own_round),
    PageCase(
        "courses:dialogue_group_move",
        COORDINATOR_POST,
        own=_own_round,
        method="post",
        data=lambda world: {"group": _group(world).pk, "nomination": _nomination(world, world.hire).pk},
    ),
    PageCase("courses:participant_list", COORDINATOR_PAGE, own=_own_round),
    PageCase(
        "courses:nominate",
        roles((403, 403), utbildningssamordnare=(200, 200), enhetschef=(200, 404)),
        own=lambda world: {"staff_pk": world.hire.pk},
        other=lambda world: {"staff_pk": world.other_hire.pk},
    ),
    PageCase("courses:del1_waiting", NOMINATOR_PAGE),
    PageCase("courses:del2_progress", NOMINATOR_PAGE),
    PageCase(
        "courses:nomination_detail",
        roles((200, 404), utbildningssamordnare=(200, 200), hr=(200, 200), omradeschef=(200, 200)),
        own=_own_nomination,
        other=_other_nomination,
    ),
    PageCase(
        "courses:nomination_cancel",
        roles((403, 403), utbildningssamordnare=(302, 302), enhetschef=(302, 404)),
        own=_own_nomination,
        other=_other_nomination,
        method="post",
    ),
    PageCase(
        "courses:nomination_move",
        roles((403, 403), utbildningssamordnare=(200, 200), enhetschef=(200, 404)),
        own=_own_nomination,
        other=_other_nomination,
    ),
    PageCase(
        "courses:nomination_move",
        roles((403, 403), utbildningssamordnare=(200, 200), enhetschef=(200, 404)),
        own=_own_nomination,
        other=_other_nomination,
        method="post",
    ),
    PageCase(
        "courses:nomination_drop_out",
        COORDINATOR_POST_PAIR,
        own=_own_nomination,
        other=_other_nomination,
        method="post",
        data=lambda world: {"reason": "illness"},
    ),
    PageCase(
        "courses:nomination_complete",
        COORDINATOR_POST_PAIR,
        own=_own_nomination,
        other=_other_nomination,
        method="post",
        data=lambda world: {"reason": "Tog igen missat tillfälle"},
    ),
    PageCase("courses:planning_settings", COORDINATOR_PAGE),
    PageCase(
        "courses:closure_day_add",
        COORDINATOR_POST,
        method="post",
        data=lambda world: {"date": _working_day(25).isoformat(), "reason": "Klämdag"},
    ),
    PageCase("courses:closure_day_remove", COORDINATOR_POST, own=_own_closure_day, method="post"),
    PageCase("courses:my_calendar", EVERYONE),
    PageCase("courses:feed_revoke", every_role(302), method="post"),
]

PUBLIC = [
    PublicPage("courses:feed", "a person's private iCalendar feed; the revocable token in the address is the key"),
]
