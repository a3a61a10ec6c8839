import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import dashboard, supervisor_training
from courses.models import Course, CourseKind, CourseModule, Nomination, NominationStatus
from courses.programme import FORSTE_TRAINING_NAME, install_supervisor_training
from courses.services import round_nominate
from courses.tests.factories import CourseRoundFactory
from districts import access, clock
from districts.models import Role
from districts.tests.factories import OrganisationFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db


def _training(organisation) -> Course:
    return Course.objects.get(organisation=organisation, kind=CourseKind.FORSTE_TRAINING)


def test_every_organisation_gets_the_supervisors_training_with_its_modules():
    organisation = OrganisationFactory()
    training = _training(organisation)
    assert training.name == FORSTE_TRAINING_NAME == "Att introducera och handleda"
    assert [module.days for module in training.modules.all()] == [1, 1, 1]


def test_installing_again_or_beside_an_own_course_of_that_name_changes_nothing():
    organisation = OrganisationFactory()
    install_supervisor_training(Course, CourseModule, organisation.pk)
    assert Course.objects.filter(organisation=organisation, kind=CourseKind.FORSTE_TRAINING).count() == 1
    other = OrganisationFactory(onboarded=False)
    Course.objects.create(organisation=other, kind=CourseKind.DEEPENING, name=FORSTE_TRAINING_NAME)
    install_supervisor_training(Course, CourseModule, other.pk)
    assert not Course.objects.filter(organisation=other, kind=CourseKind.FORSTE_TRAINING).exists()


def test_the_data_migration_gives_an_existing_organisation_without_it_the_course():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("courses.migrations.0011_supervisor_training_course")
    organisation = OrganisationFactory(onboarded=False)
    migration.load_training(apps, None)
    assert _training(organisation).modules.count() == 3


def _round(organisation, days_ahead=30):
    return CourseRoundFactory(
        course=_training(organisation), session_dates=[clock.today() + datetime.timedelta(days=days_ahead)]
    )


def _by_name(user):
    return {
        supervisor.full_name: supervisor for supervisor in supervisor_training.supervisors_of_current_hires(user=user)
    }


def test_supervisors_of_current_hires_show_who_completed_is_booked_or_not_started(world):
    supervisor = world.people[Role.FORSTE_SOCIALSEKRETERARE]
    trained = StaffMemberFactory(unit=world.own_unit, roles=[Role.FORSTE_SOCIALSEKRETERARE], first_name="Tina")
    booked = StaffMemberFactory(unit=world.own_unit, roles=[Role.FORSTE_SOCIALSEKRETERARE], first_name="Bo")
    for person in (trained, booked):
        StaffMemberFactory(unit=world.own_unit, supervisor=person)
    StaffMemberFactory(unit=world.own_unit, supervisor=supervisor)  # a second hire of the same supervisor
    past = _round(world.organisation, days_ahead=-60)
    Nomination.objects.create(
        course_round=past, staff=trained, status=NominationStatus.COMPLETED, course_kind=CourseKind.FORSTE_TRAINING
    )
    round_nominate(course_round=_round(world.organisation), staff=booked, actor=None)
    # Supervises only someone hired three years ago: not a supervisor of a current hire.
    veteran = StaffMemberFactory(unit=world.own_unit, first_name="Vera")
    StaffMemberFactory(unit=world.own_unit, supervisor=veteran, employment_start=clock.today().replace(year=2023))
    # Supervise only recent starters who are no current hires: one left yesterday, one is no socialsekreterare.
    yesterday = clock.today() - datetime.timedelta(days=1)
    leaver_supervisor = StaffMemberFactory(unit=world.own_unit, first_name="Lars")
    StaffMemberFactory(unit=world.own_unit, supervisor=leaver_supervisor, employment_end=yesterday)
    lead = StaffMemberFactory(unit=world.own_unit, first_name="Lea")
    StaffMemberFactory(unit=world.own_unit, supervisor=lead, roles=[Role.ENHETSCHEF])

    rows = _by_name(world.user(Role.UTBILDNINGSSAMORDNARE))
    assert set(rows) == {supervisor.full_name, trained.full_name, booked.full_name}
    assert (rows[supervisor.full_name].completed, rows[supervisor.full_name].hire_count) == (False, 2)
    assert rows[trained.full_name].completed and not rows[booked.full_name].completed
    assert rows[booked.full_name].booked
    summary = supervisor_training.training_summary(user=world.user(Role.UTBILDNINGSSAMORDNARE))
    assert (summary.supervisors, summary.completed, summary.booked, summary.not_started) == (3, 1, 1, 1)
    # The other district's enhetschef sees none of them: their unit has no supervised hire.
    assert _by_name(world.other_unit_manager.user) == {}


def test_the_panel_reads_the_summary_with_its_rows_and_both_agree_with_the_list(world):
    trained = StaffMemberFactory(unit=world.own_unit, roles=[Role.FORSTE_SOCIALSEKRETERARE])
    booked = StaffMemberFactory(unit=world.own_unit, roles=[Role.FORSTE_SOCIALSEKRETERARE])
    for person in (trained, booked, *(StaffMemberFactory(unit=world.own_unit) for _n in range(3))):
        StaffMemberFactory(unit=world.own_unit, supervisor=person)
    Nomination.objects.create(
        course_round=_round(world.organisation, days_ahead=-60),
        staff=trained,
        status=NominationStatus.COMPLETED,
        course_kind=CourseKind.FORSTE_TRAINING,
    )
    round_nominate(course_round=_round(world.organisation), staff=booked, actor=None)
    user = world.user(Role.UTBILDNINGSSAMORDNARE)
    access.scope_for(user)
    with CaptureQueriesContext(connection) as queries:
        summary, rows = supervisor_training.untrained_supervisors_with_summary(user=user, rows=3)
    assert len(queries) == 1
    assert summary == supervisor_training.training_summary(user=user)
    assert (summary.supervisors, summary.completed, summary.booked) == (6, 1, 1)
    untrained = list(supervisor_training.supervisors_of_current_hires(user=user).filter(completed=False))
    assert rows == untrained[:3] and trained not in rows


def test_the_list_is_two_queries_whatever_the_number_of_supervisors(world):
    user = world.user(Role.UTBILDNINGSSAMORDNARE)
    access.scope_for(user)

    def count():
        with CaptureQueriesContext(connection) as queries:
            list(supervisor_training.supervisors_of_current_hires(user=user))
            supervisor_training.training_summary(user=user)
        return len(queries)

    few = count()
    for _n in range(4):
        StaffMemberFactory(unit=world.own_unit, supervisor=StaffMemberFactory(unit=world.own_unit))
    assert count() == few == 2


def test_the_coordinator_and_the_unit_manager_get_the_panel_with_a_nominate_link(world):
    for role in (Role.UTBILDNINGSSAMORDNARE, Role.ENHETSCHEF):
        panel = next(p for p in dashboard.panels(world.user(role)) if str(p.title) == "Handledarnas utbildning")
        assert [row.pk for row in panel.context["rows"]] == [world.people[Role.FORSTE_SOCIALSEKRETERARE].pk]
    titles = [str(p.title) for p in dashboard.panels(world.user(Role.HR))]
    assert "Handledarnas utbildning" not in titles


def test_the_unit_manager_nominates_the_supervisor_to_the_training_from_the_dashboard(client, world):
    training_round = _round(world.organisation)
    supervisor = world.people[Role.FORSTE_SOCIALSEKRETERARE]
    client.force_login(world.user(Role.ENHETSCHEF))
    body = client.get("/").content.decode()
    link = f"/kurser/nominera/{supervisor.pk}/?typ=forste_training"
    assert link in body
    page = client.get(link).content.decode()
    assert training_round.title in page and "Förslag:" not in page
    response = client.post(link, {"course_round": training_round.pk})
    assert response.status_code == 302
    assert Nomination.objects.get(staff=supervisor).course_round == training_round
    assert "Bokad" in client.get("/").content.decode()


def test_the_demo_holds_one_round_of_the_training_and_books_the_next(world):
    from courses import demo_supervisor_training
    from courses.models import RoundStatus

    for _n in range(9):
        senior = StaffMemberFactory(unit=world.own_unit, roles=[Role.FORSTE_SOCIALSEKRETERARE])
        StaffMemberFactory(unit=world.own_unit, supervisor=senior)
    demo_supervisor_training.seed(organisation=world.organisation, today=clock.today())
    rounds = list(_training(world.organisation).rounds.order_by("starts_on"))
    assert [course_round.status for course_round in rounds] == [RoundStatus.HELD, RoundStatus.OPEN]
    summary = supervisor_training.training_summary(user=world.user(Role.UTBILDNINGSSAMORDNARE))
    assert summary.supervisors == 10 and 4 <= summary.completed <= 6 and summary.booked > 0
    demo_supervisor_training.seed(organisation=world.organisation, today=clock.today())  # again: nothing new
    assert _training(world.organisation).rounds.count() == 2


def test_a_course_changed_to_the_training_counts_its_completions_as_taken(world):
    """The training is read through the nominations' copy of the kind, which course_save keeps with the course."""
    from courses.services import course_save

    own = Course.objects.create(organisation=world.organisation, kind=CourseKind.DEEPENING, name="Handledning, egen")
    supervisor = StaffMemberFactory(unit=world.own_unit, roles=[Role.FORSTE_SOCIALSEKRETERARE], first_name="Tina")
    StaffMemberFactory(unit=world.own_unit, supervisor=supervisor)
    past = CourseRoundFactory(course=own, session_dates=[clock.today() - datetime.timedelta(days=60)])
    nomination = Nomination.objects.create(course_round=past, staff=supervisor, status=NominationStatus.COMPLETED)
    coordinator = world.user(Role.UTBILDNINGSSAMORDNARE)
    assert nomination.course_kind == CourseKind.DEEPENING
    assert not _by_name(coordinator)[supervisor.full_name].completed
    course_save(actor=None, organisation=world.organisation, course=own, name=own.name, kind=CourseKind.FORSTE_TRAINING)
    assert _by_name(coordinator)[supervisor.full_name].completed
    course_save(actor=None, organisation=world.organisation, course=own, name=own.name, kind=CourseKind.DEEPENING)
    assert not _by_name(coordinator)[supervisor.full_name].completed
