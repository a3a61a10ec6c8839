import pytest
from django.db import connection, transaction
from django.db.models import Count, F, Q

from checklists.models import IntroductionPlan, PlanItem, PlanItemEvent
from courses.models import (
    ENROLLED_STATUSES,
    Attendance,
    CourseKind,
    CourseRound,
    Nomination,
    NominationEvent,
    NominationStatus,
    RoundStatus,
)
from courses.selectors import del1_deadline
from districts import clock
from districts.models import Organisation, Role, StaffMember
from districts.tests.factories import OrganisationFactory
from intro_program.bench import database, history, measuring, pages, rounds, seeding
from surveys.models import Invitation, Response, Survey
from surveys.tests.factories import default_evaluation

# `seeded` seeds once for the module; `make test` runs with --dist loadfile, so one worker runs the whole file.
pytestmark = pytest.mark.django_db

YEARS = 3
STAFF = 1200


@pytest.fixture
def today():
    return clock.today()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, module_clock):
    """Seed 1,200 staff in three organisations with three years of history, once for the module's tests.

    The rows are written in a transaction that stays open while the module runs and is rolled back at its
    end, so no other test (in the same xdist worker) ever sees them; each test runs in a savepoint inside it
    and rolls back its own changes.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            default_evaluation()  # as migrated; a flushing test earlier in this worker may have emptied the table
            seeding.seed_national(staff_count=STAFF, today=module_clock, organisation_count=3)
            counts = history.seed_history(today=module_clock, years=YEARS)
            # Check the seed's deferred foreign keys now, once, rather than again at the end of every test.
            connection.check_constraints()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield counts
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def test_national_seed_spreads_staff_over_organisations_with_supervised_hires(seeded):
    assert StaffMember.objects.count() == 1200
    assert Organisation.objects.filter(slug__startswith="bench-").count() == 3
    assert StaffMember.objects.filter(supervisor__isnull=False).exists()
    for role in measuring.BENCH_ROLES.values():
        assert StaffMember.objects.filter(roles__role=role).exists(), role


def test_history_has_nine_del1_rounds_and_one_del2_a_year_held_in_the_past(seeded, today):
    for organisation in Organisation.objects.filter(slug__startswith="bench-"):
        rounds = CourseRound.objects.filter(course__organisation=organisation)
        planned = rounds.exclude(planning_key="")
        for year in range(today.year - YEARS + 1, today.year + 1):
            assert planned.filter(course__kind=CourseKind.DEL1, starts_on__year=year).count() == 9
            assert planned.filter(course__kind=CourseKind.DEL2, starts_on__year=year).count() == 1
        # Months with more hires than seats get parallel rounds (by hand: no planning key) on the same days.
        for parallel in rounds.filter(planning_key=""):
            assert planned.filter(course=parallel.course, starts_on=parallel.starts_on).exists()
        assert not rounds.filter(status=RoundStatus.HELD, ends_on__gte=today).exists()
        assert not rounds.exclude(status=RoundStatus.HELD).filter(ends_on__lt=today).exists()
        assert not rounds.filter(sessions__isnull=True).exists()


def test_a_month_with_more_hires_than_seats_gets_parallel_rounds_and_a_reserve_list(today):
    organisation = OrganisationFactory(name="Kommun", slug="kommun-parallel")
    del1_rounds, _del2_rounds = rounds.planned_rounds(organisation, today=today, years=2)
    past, coming = del1_rounds[0], del1_rounds[-1]
    assert past.ends_on < today < coming.starts_on or coming.ends_on < today  # planned from January to December
    past.hires = list(range(70))
    parts = rounds.parallel_rounds(past, today=today)
    assert [len(part.hires) for part in parts] == [32, 32, 6]
    assert [part.instance.planning_key for part in parts] == [past.planned.planning_key, "", ""]
    assert parts[1].instance.title.endswith("(grupp 2)")
    assert all(part.instance.status == RoundStatus.HELD for part in parts)
    if coming.starts_on > today:
        coming.hires = list(range(40))
        parts = rounds.parallel_rounds(coming, today=today)
        assert [len(part.hires) for part in parts] == [34, 6]  # two more than the seats wait on the reserve list
        assert all(part.instance.capacity == 32 for part in parts)


def test_history_nominations_attendance_and_events_are_consistent(seeded, today):
    statuses = set(Nomination.objects.values_list("status", flat=True).distinct())
    assert {NominationStatus.COMPLETED, NominationStatus.DROPPED_OUT, NominationStatus.CANCELLED} <= statuses
    assert NominationStatus.BOOKED in statuses  # the rounds still to come
    # Held rounds keep no one booked or waitlisted (round_mark_held cancels the waitlist).
    assert not Nomination.objects.filter(
        course_round__status=RoundStatus.HELD, status__in=[NominationStatus.BOOKED, NominationStatus.WAITLISTED]
    ).exists()
    # Only hires (socialsekreterare) are nominated, and Del 1 comes within four months of the start.
    assert not Nomination.objects.exclude(staff__roles__role=Role.SOCIALSEKRETERARE).exists()
    for nomination in Nomination.objects.filter(course_round__course__kind=CourseKind.DEL1).select_related(
        "staff", "course_round"
    )[:200]:
        assert nomination.staff.employment_start <= nomination.course_round.starts_on
        assert nomination.course_round.starts_on <= del1_deadline(nomination.staff.employment_start)
    # A completed participant has a row for every session; everyone booked on a round fits its seats.
    completed = Nomination.objects.filter(status=NominationStatus.COMPLETED).annotate(rows=Count("attendances"))
    for nomination in completed.select_related("course_round")[:200]:
        assert nomination.rows == nomination.course_round.sessions.count()
        assert nomination.completed_at is not None
    over = CourseRound.objects.annotate(
        booked=Count("nominations", filter=Q(nominations__status__in=ENROLLED_STATUSES))
    ).filter(booked__gt=F("capacity"))
    assert not over.exists()
    assert not Attendance.objects.exclude(nomination__course_round=F("session__course_round")).exists()
    # Every nomination has its history, starting with the nomination itself.
    assert NominationEvent.objects.values("nomination").distinct().count() == Nomination.objects.count()


def test_history_surveys_invite_the_enrolled_and_keep_answers_anonymous(seeded):
    assert Survey.objects.exists()
    for survey in Survey.objects.select_related("course_round")[:50]:
        assert survey.course_round.status == RoundStatus.HELD
        enrolled = Nomination.objects.filter(course_round=survey.course_round, status__in=ENROLLED_STATUSES)
        assert survey.invitations.count() == enrolled.values("staff").distinct().count()
        answered = survey.invitations.filter(answered_at__isnull=False).count()
        assert survey.responses.count() == answered
    assert Response.objects.count() == Invitation.objects.filter(answered_at__isnull=False).count()


def test_history_plans_every_hire_with_ticks_logged(seeded, today):
    hires = StaffMember.objects.filter(roles__role=Role.SOCIALSEKRETERARE)
    assert IntroductionPlan.objects.count() == hires.count()
    assert not IntroductionPlan.objects.filter(items__isnull=True).exists()
    done = PlanItem.objects.filter(done=True)
    assert done.exists() and PlanItem.objects.filter(done=False).exists()
    assert PlanItemEvent.objects.count() == done.count()
    assert (
        not PlanItem.objects.filter(done=True, due_date__gt=today, template_item__course__isnull=True)
        .filter(done_at__date__gt=today)
        .exists()
    )
    # Items a course ticks are done exactly for the hires who completed that course.
    linked = PlanItem.objects.filter(template_item__course__kind=CourseKind.DEL1)
    for item in linked.select_related("plan")[:100]:
        completed = Nomination.objects.filter(
            staff_id=item.plan.staff_id, course_round__course__kind=CourseKind.DEL1, status=NominationStatus.COMPLETED
        ).exists()
        assert item.done == completed


def test_every_measured_page_answers_its_bench_users(seeded, client, today):
    users = measuring.bench_users(today=today)
    assert set(users) == set(measuring.BENCH_ROLES)
    context = next(iter(users.values()))[1]
    assert {"plan", "nomination", "del1_round", "del2_round", "survey"} <= set(context.extra)
    measured = 0
    for label, (user, context) in users.items():
        client.force_login(user)
        for page in pages.MEASURED_PAGES:
            if label not in page.users:
                continue
            url = page.url(context)
            assert client.get(url).status_code == 200, (label, url)
            measured += 1
    assert measured >= 40


def test_bench_database_sits_beside_the_configured_one(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/intro_program")
    assert database.bench_database_url() == "postgres://postgres@127.0.0.1:5432/intro_program_bench"
    monkeypatch.delenv("DATABASE_URL")
    assert database.bench_database_url().endswith("var/bench.sqlite3")
