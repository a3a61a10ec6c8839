import re
from pathlib import Path

import pytest
from django.conf import settings
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
from intro_program.bench import (
    copying,
    database,
    documents,
    history,
    load,
    maintenance,
    measuring,
    pages,
    plans,
    report,
    rounds,
    seeding,
    server,
)
from surveys import tallies
from surveys.models import Invitation, Response, Survey
from surveys.tests.factories import default_evaluation

# `seeded` seeds once for the module; `make test` runs with --dist loadfile, so one worker runs the whole file.
pytestmark = [pytest.mark.django_db, pytest.mark.long_running(50)]  # seeds 800 staff: first under -n

YEARS = 3
STAFF = 600
CITY_STAFF = 200


@pytest.fixture
def today():
    return clock.today()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, module_clock):
    """Seed 600 national staff in three organisations and a city of 200 with three years of history, once.

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
            seeding.seed_city(staff_count=CITY_STAFF, today=module_clock)
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
    assert StaffMember.objects.count() == STAFF + CITY_STAFF
    assert Organisation.objects.filter(slug__startswith="bench-").count() == 4
    assert StaffMember.objects.filter(organisation__slug=seeding.CITY_SLUG).count() == CITY_STAFF
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


def test_history_surveys_keep_their_tallies_as_the_services_would(seeded):
    kept = tallies.stored()
    assert kept[0] and kept[1]  # ratings and picked options both
    assert kept == tallies.recount()
    invitations = tallies.invitations_stored()
    assert any(answered for _invited, answered in invitations.values())
    assert invitations == tallies.invitations_recount()


def test_history_plans_keep_their_item_counters_as_the_services_would(seeded):
    plans = {plan.pk: (plan.items_in_profile, plan.items_done) for plan in IntroductionPlan.objects.all()}
    assert any(done for _total, done in plans.values())
    recomputed = IntroductionPlan.objects.annotate(
        total=Count("items", filter=Q(items__in_profile=True)),
        done=Count("items", filter=Q(items__in_profile=True, items__done=True)),
    )
    assert {plan.pk: (plan.total, plan.done) for plan in recomputed} == plans


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


def test_every_key_page_answers_on_both_seeds_and_its_admin_list_too(seeded, client):
    measured = 0
    for scale, slug in measuring.SCALES.items():
        users = measuring.bench_users(slug=slug)
        assert set(users) == set(measuring.BENCH_ROLES), scale
        context = next(iter(users.values()))[1]
        assert {"plan", "nomination", "del1_round", "del2_round", "survey"} <= set(context.extra), scale
        for page in pages.KEY_PAGES:
            user, context = users[page.user]
            client.force_login(user)
            url = page.url(context)
            assert client.get(url).status_code == 200, (scale, url)  # the query budget: each app's view tests
            if page.admin and "&p=" not in page.admin(context):  # the small seed has no 13th admin page
                client.force_login(measuring.admin_user())
                assert client.get(page.admin(context)).status_code == 200, (scale, page.admin(context))
            measured += 1
    assert measured == 2 * len(pages.KEY_PAGES)


def test_copy_create_writes_what_bulk_create_would_and_sets_the_keys(seeded):
    organisation = Organisation.objects.get(slug=seeding.CITY_SLUG)
    unit = StaffMember.objects.filter(organisation=organisation).first().unit
    people = [
        StaffMember(
            organisation=organisation, unit=unit, first_name="Tab\tbed", last_name="Ny\nrad", work_email=f"c{n}@x.se"
        )
        for n in range(3)
    ]
    copying.copy_create(StaffMember, people)
    assert all(person.pk for person in people)
    stored = StaffMember.objects.get(pk=people[0].pk)
    assert (stored.first_name, stored.last_name, stored.organisation_id) == ("Tab\tbed", "Ny\nrad", organisation.pk)


def test_copy_rows_writes_a_fragment_as_its_values_and_keys_in_the_rows_order(seeded):
    item = PlanItem.objects.filter(done=False).first()
    shared = copying.fragment(item.template_item_id, item.phase, "Tab\tbed", "", item.responsible_role, None, True)
    rows = [(item.plan_id, position, item.due_date, False, None, 1, shared) for position in (70, 71)]
    keys = copying.copy_rows(PlanItem, plans.ITEM_COLUMNS, rows, with_keys=True)
    stored = PlanItem.objects.filter(pk__in=keys).order_by("pk")
    assert [(i.pk, i.position, i.title, i.done_by_id, i.in_profile) for i in stored] == [
        (keys[0], 70, "Tab\tbed", None, True),
        (keys[1], 71, "Tab\tbed", None, True),
    ]


def test_plain_indexes_are_dropped_for_the_load_and_built_again_as_they_were():
    def indexes():
        with connection.cursor() as cursor:
            found = connection.introspection.get_constraints(cursor, PlanItem._meta.db_table)
        return {name: info for name, info in found.items() if info["index"] or info["unique"]}

    before = indexes()
    with maintenance.plain_indexes_built_after([PlanItem]):
        during = indexes()
    assert indexes() == before
    plain = {name for name, info in before.items() if not info["unique"] and not info["primary_key"]}
    if connection.vendor == "postgresql":
        assert len(plain) >= 3 and set(during) == set(before) - plain
    else:
        assert during == before


def test_the_floor_view_is_mounted_only_for_the_bench(client, settings):
    from django.urls import NoReverseMatch, reverse

    assert settings.BENCH_FLOOR_VIEW is False
    with pytest.raises(NoReverseMatch):
        reverse("bench_floor")
    assert client.get("/bench/golv/").status_code in (302, 404)  # no such page (after login: 404)


def test_the_floor_view_renders_the_frame_for_a_signed_in_user(seeded, rf):
    from intro_program.bench.floor import floor

    user, _context = measuring.bench_users(slug=seeding.CITY_SLUG)["HR"]
    request = rf.get("/bench/golv/")
    request.user = user
    response = floor(request)
    assert response.status_code == 200
    assert b"<nav" in response.content  # the frame the pages share
    assert measuring.shown_table(response) == (0, 0)


def test_the_floor_view_shows_the_rows_and_cells_asked_for_and_no_more_than_its_bound(seeded, rf):
    from intro_program.bench.floor import MAX_ROWS, floor

    user, _context = measuring.bench_users(slug=seeding.CITY_SLUG)["HR"]
    for query, shown in (("rows=120&cells=7", (120, 840)), (f"rows={MAX_ROWS + 5}&cells=1", (MAX_ROWS, MAX_ROWS))):
        request = rf.get(f"/bench/golv/?{query}")
        request.user = user
        response = floor(request)
        assert b"<nav" in response.content and b"Rad 3 &amp; 0" in response.content
        assert measuring.shown_table(response) == shown


def test_each_national_page_that_shows_rows_gets_a_floor_showing_as_many():
    floor = measuring.Target(("floor", "national"), "/bench/golv/", "hr")
    report_page, city_page, export = (
        measuring.Target(("equality report", "national"), "/r", "c"),
        measuring.Target(("equality report", "city"), "/r", "c2"),
        measuring.Target(("enrolment Excel", "national"), "/x", "c"),
    )
    report_page.shown_rows, report_page.shown_cells = 96, 600
    city_page.shown_rows, city_page.shown_cells = 12, 70
    floors = measuring.shown_floors([report_page, city_page, export], floor)
    assert [(f.key, f.url, f.cookie) for f in floors] == [
        (("equality report", "shown floor"), "/bench/golv/?rows=96&cells=6", "hr")
    ]
    floors[0].timings.samples[:] = [10, 10, 10]
    report_page.timings.samples[:] = [40, 40, 40]
    report_page.timings.statuses.add(200)
    (row,) = report.page_rows({t.key: t for t in (report_page, *floors)}, floor_ms=5)
    assert row["x_shown_floor"] == pytest.approx(4.0)


def _target(label, scale, samples, queries=5, status=200):
    target = measuring.Target((label, scale), "/", "")
    target.timings.samples[:] = samples
    target.timings.statuses.add(status)
    target.queries = queries
    return target


def test_report_flags_a_page_slower_than_the_floor_the_city_or_admin_allow():
    measured = {
        t.key: t
        for t in [
            _target("staff list, page 1", "national", [50, 52, 51]),
            _target("staff list, page 1", "city", [20, 21, 22]),
            _target("staff list, page 1", "admin national", [30, 30, 30]),
            _target("dashboard, HR", "national", [30, 31, 29], queries=16),
            _target("dashboard, HR", "city", [29, 30, 31], queries=12),
        ]
    }
    rows = {row["page"]: row for row in report.page_rows(measured, floor_ms=10)}
    staff = rows["staff list, page 1"]
    assert staff["x_floor"] == pytest.approx(5.1) and staff["national_city"] == pytest.approx(51 / 21)
    assert staff["missed"] == ["> 4 x floor", "> 1.3 x city", "slower than admin"]
    assert rows["dashboard, HR"]["missed"] == ["> 15 queries", "more queries than on the city seed"]
    assert "MISSED" in "\n".join(report.table(list(rows.values()), 10))


def test_report_shows_how_many_table_rows_each_seed_showed():
    from django.http import HttpResponse

    html = HttpResponse("<table><tr><th>a</th></tr><tr><td>1</td></tr><tr><td>2</td></tr></table>")
    assert measuring.shown_table(html) == (3, 3)
    assert measuring.shown_table(HttpResponse(b"<tr>", content_type="text/csv")) == (None, None)
    national, city = _target("equality report", "national", [40]), _target("equality report", "city", [20])
    national.shown_rows, city.shown_rows = 96, 12
    rows = report.page_rows({t.key: t for t in (national, city)}, floor_ms=10)
    assert (rows[0]["shown_rows"], rows[0]["city_shown_rows"]) == (96, 12)
    assert " 96/12 " in report.table(rows, 10)[-1]


def test_pdf_limit_is_the_trivial_document_unless_plain_text_costs_more():
    assert report.pdf_limit_ms({"trivial_ms": 10, "same_text_ms": 30}) == 60
    assert report.pdf_limit_ms({"trivial_ms": 10, "same_text_ms": 100}) == 150
    assert report.other_misses({"pdf": {"plan_ms": 140, "trivial_ms": 10, "same_text_ms": 100}}) == []
    assert report.other_misses({"load": {"errors": 0, "p95_ms": 301}}) == ["load run"]


def test_pdf_text_is_the_documents_words_without_styling():
    from weasyprint import HTML

    pdf = HTML(string="<h1 style='color: red'>Introduktionsplan</h1><p>Åsa & Örjan</p>").write_pdf()
    html = documents.pdf_text_html(pdf)
    assert "Introduktionsplan" in html and "Åsa &amp; Örjan" in html and "style" not in html


def test_load_journeys_are_the_national_pages_grouped_by_role():
    targets = [
        measuring.Target(("a", "national"), "/a", "hr"),
        measuring.Target(("b", "national"), "/b", "hr"),
        measuring.Target(("a", "city"), "/a", "hr-city"),
        measuring.Target(("c", "national"), "/c", "coordinator"),
    ]
    assert [[t.url for t in journey] for journey in load.journeys(targets)] == [["/a", "/b"], ["/c"]]


def test_load_names_the_pages_that_took_most_of_the_response_time():
    pages = load.busiest_pages({"report": [900.0, 1100.0], "dashboard": [50.0, 50.0, 100.0], "plan": [100.0]}, keep=2)
    assert [page["page"] for page in pages] == ["report", "dashboard"]
    assert pages[0]["requests"] == 2 and pages[0]["share"] == 2000 / 2300 and pages[1]["share"] == 200 / 2300


def test_the_load_run_serves_the_app_as_the_procfile_does():
    command = server.procfile_web_command({"BIND": "127.0.0.1:8123", "WEB_CONCURRENCY": "7"})
    assert Path(command[0]).name == "gunicorn" and command[1] == "intro_program.wsgi"
    assert command[command.index("--bind") + 1] == "127.0.0.1:8123" and command[command.index("--workers") + 1] == "7"
    options = server.serving_options(command)
    assert "--workers 7" in options and "8123" not in options and "--bind" not in options
    web = next(
        line for line in (Path(settings.BASE_DIR) / "Procfile").read_text().splitlines() if line.startswith("web:")
    )
    default = re.search(r"--workers \$\{WEB_CONCURRENCY:-(\d+)\}", web).group(1)
    assert server.procfile_web_command({})[server.procfile_web_command({}).index("--workers") + 1] == default


def test_bench_database_sits_beside_the_configured_one(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/intro_program")
    assert database.bench_database_url() == "postgres://postgres@127.0.0.1:5432/intro_program_bench"
    monkeypatch.delenv("DATABASE_URL")
    assert database.bench_database_url().endswith("var/bench.sqlite3")
