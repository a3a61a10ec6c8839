"""Access cases of the course pages: the programme and rounds are organisation-wide, the rest by capability."""

import datetime

from courses import planning, services
from courses.models import (
    Certificate,
    ClosureDay,
    Course,
    CourseKind,
    DialogueGroup,
    KeyPerson,
    Nomination,
    RoundSession,
)
from courses.tests.factories import CourseRoundFactory, del1_of, held_round_with_certificates
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


def _certified_round(world):
    course, _created = Course.objects.get_or_create(
        organisation=world.organisation, name="Åtkomsttest intyg", defaults={"kind": CourseKind.DEEPENING}
    )
    existing = course.rounds.first()
    return existing or held_round_with_certificates(course, participants=[world.hire, world.other_hire])


def _certificate_of(world, staff):
    return {"pk": Certificate.objects.get(nomination__course_round=_certified_round(world), nomination__staff=staff).pk}


def _taught_session(world, lecturer):
    course_round = _round(world)
    session = course_round.sessions.filter(lecturer_staff=lecturer).first()
    if session is None:
        session = RoundSession.objects.create(
            course_round=course_round, date=clock.today(), start_time=datetime.time(9), end_time=datetime.time(12)
        )
        session.lecturer_staff.set([lecturer])
    return {"pk": session.pk}


def _key_person(world):
    key_person, _created = KeyPerson.objects.get_or_create(staff=world.people["utbildarstod"], area="samverkan")
    return {"pk": key_person.pk}


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

CASES += [
    PageCase("courses:my_certificates", EVERYONE),
    # Only the person and HR download a certificate; everyone else gets 404, also when guessing ids.
    PageCase(
        "courses:certificate_download",
        roles((404, 404), socialsekreterare=(200, 404), hr=(200, 200)),
        own=lambda world: _certificate_of(world, world.hire),
        other=lambda world: _certificate_of(world, world.other_hire),
    ),
    PageCase(
        "courses:staff_certificates",
        roles((403, 403), hr=(200, 200)),
        own=lambda world: {"staff_pk": world.hire.pk},
        other=lambda world: {"staff_pk": world.other_hire.pk},
    ),
    PageCase(
        "courses:round_certificates", roles((403, None), hr=(200, None)), own=lambda w: {"pk": _certified_round(w).pk}
    ),
    PageCase("courses:key_people", COORDINATOR_PAGE),
    PageCase(
        "courses:key_people",
        COORDINATOR_POST,
        method="post",
        data=lambda world: {"email": world.people["enhetschef"].work_email, "area": "regelverk"},
    ),
    PageCase("courses:key_person_remove", COORDINATOR_POST, own=_key_person, method="post"),
    PageCase(
        "courses:trainer_share_set",
        COORDINATOR_POST,
        method="post",
        data=lambda world: {"district": world.own_district.pk, "share": "0,3"},
    ),
    PageCase("courses:my_sessions", EVERYONE),
    # A lecturer sees their own sessions only; nobody else reaches them, whatever their role.
    PageCase(
        "courses:my_session_detail",
        roles((404, 404), utbildarstod=(200, 404)),
        own=lambda world: _taught_session(world, world.people["utbildarstod"]),
        other=lambda world: _taught_session(world, world.other_unit_manager),
    ),
]

PUBLIC = [
    PublicPage("courses:feed", "a person's private iCalendar feed; the revocable token in the address is the key"),
    PublicPage("courses:certificate_check", "checks a certificate's code; says only whether it is genuine"),
    PublicPage("courses:certificate_check_code", "the check page reached from the address printed on a certificate"),
]
