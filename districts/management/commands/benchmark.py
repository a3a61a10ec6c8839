"""Measure the main pages at national scale (50,000 staff, ten years of history) in a separate database.

`manage.py benchmark` picks the benchmark database (`var/bench.sqlite3`, or `<name>_bench` when
DATABASE_URL is PostgreSQL), then runs itself again against it: migrate, seed once (staff, then ten
years of rounds, nominations, attendance, surveys and introduction plans, see seed_history), and time
each page in MEASURED_PAGES with the Django test client for the bench users whose work uses it (HR, a
coordinator, an enhetschef, a 1:e socialsekreterare). It exits non-zero when a page misses its median
time, query or peak-memory target. Other apps add their pages to MEASURED_PAGES; names that do not
resolve, and objects the seed lacks, are skipped.
"""

import datetime
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import dj_database_url
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, reset_queries, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from checklists import selectors as checklist_selectors
from checklists import services as checklist_services
from checklists.models import (
    EventSource,
    IntroductionPlan,
    LearningGoal,
    MeetingKind,
    PlanItem,
    PlanItemEvent,
    PlanMeeting,
    TemplateItem,
)
from courses import planning
from courses import selectors as course_selectors
from courses import services as course_services
from courses.models import (
    ENROLLED_STATUSES,
    Attendance,
    Course,
    CourseKind,
    CourseRound,
    DropOutReason,
    KnowledgeArea,
    Nomination,
    NominationEvent,
    NominationEventKind,
    NominationStatus,
    RoundSession,
    RoundStatus,
)
from districts import clock, demo
from districts.models import (
    Area,
    CompetenceLevel,
    District,
    EmploymentType,
    Gender,
    IntroductionProfile,
    Organisation,
    Role,
    StaffMember,
    StaffRole,
    Unit,
)
from surveys import selectors as survey_selectors
from surveys.models import Answer, AnswerChoice, Invitation, QuestionKind, Response, Survey

TARGET_MEDIAN_MS = 300
TARGET_MAX_QUERIES = 40  # a page whose queries grow with its rows passes this at national scale
TARGET_PEAK_MIB = 50
STAFF_PER_UNIT = 50
BENCH_ORGANISATION_PREFIX = "bench-"
CHILD_FLAG = "--in-bench-database"


@dataclass
class BenchContext:
    """Objects the measured URLs point at, seen from the user being measured."""

    organisation: Organisation
    unit: Unit
    staff: StaffMember
    extra: dict[str, Any] = field(default_factory=dict)


ALL_USERS = ("HR", "coordinator", "enhetschef", "forste")
MANAGERS = ("HR", "coordinator", "enhetschef")
ORGANISATION_WIDE = ("HR", "coordinator")
HEAVY_TARGET_MS = 2000  # ten-year reports and exports


@dataclass(frozen=True)
class BenchPage:
    label: str
    url_name: str
    kwargs: Callable[[BenchContext], dict] = lambda context: {}
    query: str | Callable[[BenchContext], str] = ""
    users: tuple[str, ...] = MANAGERS  # the bench users (see bench_users) whose work uses the page
    target_ms: int = TARGET_MEDIAN_MS

    def url(self, context: BenchContext) -> str:
        query = self.query(context) if callable(self.query) else self.query
        return reverse(self.url_name, kwargs=self.kwargs(context)) + query


def _extra(name: str) -> Callable[[BenchContext], dict]:
    return lambda context: {"pk": context.extra[name]}


def _this_year(context: BenchContext) -> str:
    return f"?year={context.extra['year']}"


def _ten_years(context: BenchContext) -> str:
    year = context.extra["year"]
    return f"?start={year - HISTORY_YEARS + 1}-01-01&end={year}-12-31"


# Other apps append their pages here (e.g. from their AppConfig.ready or a bench module). A page is measured for
# each user in `users`; names that do not resolve, and kwargs the context lacks, are skipped.
MEASURED_PAGES: list[BenchPage] = [
    BenchPage("dashboard", "dashboard", users=ALL_USERS),
    BenchPage("staff list, page 1", "districts:staff_list"),
    BenchPage("staff search", "districts:staff_list", query="?q=lind"),
    BenchPage(
        "staff filtered",
        "districts:staff_list",
        query="?competence_level=nyborjare&new_hires=on&role=socialsekreterare",
    ),
    BenchPage("staff list, last page", "districts:staff_list", query="?sida=last"),
    BenchPage("staff detail", "districts:staff_detail", kwargs=lambda context: {"pk": context.staff.pk}),
    BenchPage("staff edit form", "districts:staff_edit", kwargs=lambda context: {"pk": context.staff.pk}),
    BenchPage("district list", "districts:district_list"),
    BenchPage("unit list", "districts:unit_list"),
    BenchPage("unit detail", "districts:unit_detail", kwargs=lambda context: {"pk": context.unit.pk}),
    # courses
    BenchPage("course calendar, a year", "courses:calendar", query=lambda c: f"?ar={c.extra['year']}", users=ALL_USERS),
    BenchPage("Del 1 round detail", "courses:round_detail", kwargs=_extra("del1_round"), users=MANAGERS),
    BenchPage(
        "Del 1 participant list", "courses:participant_list", kwargs=_extra("del1_round"), users=("coordinator",)
    ),
    BenchPage("Del 1 attendance", "courses:attendance", kwargs=_extra("del1_round"), users=("coordinator",)),
    BenchPage("Del 2 round detail", "courses:round_detail", kwargs=_extra("del2_round"), users=("coordinator",)),
    BenchPage("Del 2 attendance", "courses:attendance", kwargs=_extra("del2_round"), users=("coordinator",)),
    BenchPage(
        "nominate a hire",
        "courses:nominate",
        kwargs=lambda c: {"staff_pk": c.staff.pk},
        users=("coordinator", "enhetschef"),
    ),
    BenchPage(
        "nomination detail",
        "courses:nomination_detail",
        kwargs=_extra("nomination"),
        users=("coordinator", "enhetschef"),
    ),
    # checklists
    BenchPage(
        "introduction plan", "checklists:plan_detail", kwargs=lambda c: {"plan_id": c.extra["plan"]}, users=ALL_USERS
    ),
    BenchPage("Mina nyanställda", "checklists:my_hires", users=("forste",)),
    BenchPage("unit overview", "checklists:unit_overview", users=("enhetschef",)),
    BenchPage("district overview by progress", "checklists:overview", query="?sort=framsteg", users=ORGANISATION_WIDE),
    BenchPage("district overview by overdue", "checklists:overview", query="?sort=forsenade", users=ORGANISATION_WIDE),
    # reports
    BenchPage("enrolment report, a year", "reports:enrolment", query=_this_year),
    BenchPage("enrolment report, ten years", "reports:enrolment", query=_ten_years, target_ms=HEAVY_TARGET_MS),
    BenchPage("survey overview, a year", "reports:surveys", query=_this_year, users=ORGANISATION_WIDE),
    BenchPage("survey result, one round", "reports:survey_result", kwargs=_extra("survey"), users=ORGANISATION_WIDE),
    BenchPage(
        "survey results Del 1, ten years",
        "reports:survey_course_result",
        kwargs=lambda c: {"course_pk": c.extra["del1_course"]},
        query=_ten_years,
        users=ORGANISATION_WIDE,
        target_ms=HEAVY_TARGET_MS,
    ),
    BenchPage("equality report, a year", "reports:equality", query=_this_year, users=ORGANISATION_WIDE),
    BenchPage("participation report, a year", "reports:participation", query=_this_year),
    BenchPage(
        "enrolment Excel, ten years",
        "reports:enrolment",
        query=lambda c: _ten_years(c) + "&format=xlsx",
        users=ORGANISATION_WIDE,
        target_ms=HEAVY_TARGET_MS,
    ),
]
FIRST_NAMES = demo.WOMEN + demo.MEN


def bench_database_url() -> str:
    """Return the benchmark database's URL, beside the configured one."""
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith(("postgres://", "postgresql://")):
        parsed = urlparse(configured)
        return parsed._replace(path=f"{parsed.path}_bench").geturl()
    return f"sqlite:///{settings.BASE_DIR / 'var' / 'bench.sqlite3'}"


def _ensure_postgres_database(url: str, *, fresh: bool):
    import psycopg2
    from psycopg2 import sql

    config = dj_database_url.parse(url)
    admin = psycopg2.connect(
        dbname="postgres",
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        if fresh:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(config["NAME"])))
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
    admin.close()


class Command(BaseCommand):
    help = "Seed national-scale staff in a separate database and time the main pages; fails when a target is missed."

    def add_arguments(self, parser):
        parser.add_argument("--staff", type=int, default=50_000, help="staff members to seed (default 50,000)")
        parser.add_argument("--runs", type=int, default=5, help="timed runs per page (default 5)")
        parser.add_argument("--fresh", action="store_true", help="drop the benchmark database and seed again")
        parser.add_argument(CHILD_FLAG, action="store_true", dest="in_bench_database", help="internal")

    def handle(self, *args, staff: int, runs: int, fresh: bool, in_bench_database: bool, **options):
        if not in_bench_database:
            return self._run_in_bench_database(staff=staff, runs=runs, fresh=fresh)
        settings.DEBUG = False  # no query log: seeding sends thousands of large inserts
        call_command("migrate", verbosity=0, interactive=False)
        self._seed(staff_count=staff)
        self._measure(runs=runs)

    def _run_in_bench_database(self, *, staff: int, runs: int, fresh: bool):
        url = bench_database_url()
        if url.startswith("sqlite"):
            path = Path(urlparse(url).path)
            path.parent.mkdir(parents=True, exist_ok=True)
            if fresh and path.exists():
                path.unlink()
        else:
            _ensure_postgres_database(url, fresh=fresh)
        self.stdout.write(f"Benchmark database: {url}")
        env = dict(os.environ, DATABASE_URL=url, CELERY_TASK_ALWAYS_EAGER="true")
        command = [sys.executable, "manage.py", "benchmark", CHILD_FLAG, "--staff", str(staff), "--runs", str(runs)]
        completed = subprocess.run(command, cwd=settings.BASE_DIR, env=env, check=False)
        if completed.returncode:
            raise CommandError("benchmark missed a target (see above)")

    # Seeding

    def _seed(self, *, staff_count: int):
        existing = StaffMember.objects.filter(organisation__slug__startswith=BENCH_ORGANISATION_PREFIX).count()
        if existing >= staff_count and Nomination.objects.exists():
            self.stdout.write(f"Reusing {existing:,} benchmark staff (pass --fresh to seed again).")
            return
        if existing:
            raise CommandError(
                f"the benchmark database has {existing:,} staff (fewer than asked, or no history): run with --fresh"
            )
        started = time.perf_counter()
        seed_national(staff_count=staff_count, today=clock.today())
        self.stdout.write(f"Seeded {staff_count:,} staff in {time.perf_counter() - started:.1f} s.")
        started = time.perf_counter()
        counts = seed_history(today=clock.today(), workers=SEED_WORKERS)
        with connection.cursor() as cursor:  # statistics and visibility maps, as autovacuum keeps a live database
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        self.stdout.write(
            f"Seeded {HISTORY_YEARS} years of history in {time.perf_counter() - started:.1f} s: "
            + ", ".join(f"{count:,} {name}" for name, count in counts.items())
        )

    # Measuring

    def _measure(self, *, runs: int):
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        settings.DEBUG = False  # time what production does, without the debug query log
        users = bench_users()
        self.stdout.write(
            f"\n{StaffMember.objects.count():,} staff in {Organisation.objects.count()} organisations, "
            f"{CourseRound.objects.count():,} rounds, {Nomination.objects.count():,} nominations, "
            f"{IntroductionPlan.objects.count():,} plans, {PlanItem.objects.count():,} plan items, "
            f"{Response.objects.count():,} survey responses; {runs} timed runs per page."
        )
        self.stdout.write(
            f"Targets: median < {TARGET_MEDIAN_MS} ms (< {HEAVY_TARGET_MS} ms for ten-year reports and exports), "
            f"< {TARGET_MAX_QUERIES} queries, peak Python memory < {TARGET_PEAK_MIB} MiB per request.\n"
        )
        header = (
            f"{'user':<12} {'page':<34} {'target':>6} {'median ms':>9} {'max ms':>8} {'queries':>7} {'peak KiB':>9}"
            "  status"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        missed = []
        for user_label, (user, context) in users.items():
            client = Client()
            client.force_login(user)
            for page in MEASURED_PAGES:
                if user_label not in page.users:
                    continue
                try:
                    url = page.url(context)
                except (NoReverseMatch, KeyError, AttributeError):
                    continue
                result = _measure_page(client, url, runs=runs)
                ok = (
                    result["status"] == 200
                    and result["median_ms"] < page.target_ms
                    and result["queries"] < TARGET_MAX_QUERIES
                    and result["peak_kib"] < TARGET_PEAK_MIB * 1024
                )
                if not ok:
                    missed.append(f"{user_label}: {page.label}")
                self.stdout.write(
                    f"{user_label:<12} {page.label:<34} {page.target_ms:>6} {result['median_ms']:>9.1f} "
                    f"{result['max_ms']:>8.1f} {result['queries']:>7} {result['peak_kib']:>9,.0f}  "
                    + ("ok" if ok else f"MISSED (HTTP {result['status']})")
                )
        if missed:
            self.stderr.write(self.style.ERROR(f"\nTargets missed: {', '.join(missed)}"))
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS("\nEvery page met its targets."))


def _measure_page(client: Client, url: str, *, runs: int) -> dict:
    response = client.get(url)  # warm-up: templates, caches, the database's buffers
    reset_queries()  # a full query log (seeding under DEBUG) would hide the count
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    query_count = len(captured.captured_queries)  # read now: every request clears the log
    timings = []
    for _run in range(runs):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    tracemalloc.start()
    client.get(url)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "status": response.status_code,
        "median_ms": statistics.median(timings),
        "max_ms": max(timings),
        "queries": query_count,
        "peak_kib": peak / 1024,
    }


BENCH_ROLES = {
    "HR": Role.HR,
    "coordinator": Role.UTBILDNINGSSAMORDNARE,
    "enhetschef": Role.ENHETSCHEF,
    "forste": Role.FORSTE_SOCIALSEKRETERARE,
}


def _login(staff: StaffMember):
    User = get_user_model()
    if staff.user_id is None:
        user, _created = User.objects.get_or_create(username=staff.work_email, defaults={"email": staff.work_email})
        staff.user = user
        staff.save(update_fields=["user"])
    return staff.user


def bench_users(*, today: datetime.date | None = None) -> dict[str, tuple[Any, BenchContext]]:
    """Return logins for an HR user, a coordinator, an enhetschef and a 1:e socialsekreterare of the largest
    organisation, with what the measured pages point at: a hire in the enhetschef's unit whom the 1:e
    socialsekreterare supervises, her plan and latest nomination, the latest held Del 1 round, the running
    Del 2 and the held round's survey.
    """
    today = today or clock.today()
    organisation = Organisation.objects.filter(slug=f"{BENCH_ORGANISATION_PREFIX}1").get()
    people = {
        label: StaffMember.objects.filter(organisation=organisation, roles__role=role)
        .select_related("unit")
        .order_by("pk")
        .first()
        for label, role in BENCH_ROLES.items()
    }
    manager = people["enhetschef"]
    supervisors = StaffMember.objects.filter(unit=manager.unit, roles__role=Role.FORSTE_SOCIALSEKRETERARE)
    people["forste"] = supervisors.order_by("pk").first() or people["forste"]
    hires = StaffMember.objects.filter(unit=manager.unit, supervisor=people["forste"]).order_by("-employment_start")
    hire = hires.filter(nominations__isnull=False).first() or hires.first() or manager
    extra: dict[str, Any] = {"year": today.year}
    plan = IntroductionPlan.objects.filter(staff=hire).values_list("pk", flat=True).first()
    nomination = Nomination.objects.filter(staff=hire).order_by("-queued_at").values_list("pk", flat=True).first()
    rounds = CourseRound.objects.filter(course__organisation=organisation).order_by("-starts_on")
    del1_round = rounds.filter(course__kind=CourseKind.DEL1, status=RoundStatus.HELD).first()
    del2_round = rounds.filter(course__kind=CourseKind.DEL2, starts_on__lte=today).values_list("pk", flat=True).first()
    survey = Survey.objects.filter(course_round=del1_round).values_list("pk", flat=True).first()
    for name, value in (
        ("plan", plan),
        ("nomination", nomination),
        ("del1_round", del1_round.pk if del1_round else None),
        ("del1_course", del1_round.course_id if del1_round else None),
        ("del2_round", del2_round),
        ("survey", survey),
    ):
        if value is not None:  # a page whose object is missing is skipped (KeyError)
            extra[name] = value
    return {
        label: (_login(staff), BenchContext(organisation=organisation, unit=staff.unit, staff=hire, extra=extra))
        for label, staff in people.items()
        if staff is not None
    }


@transaction.atomic
def seed_national(*, staff_count: int, today: datetime.date, organisation_count: int = 12):
    """Create organisations, districts and units and `staff_count` staff with ten years of employment starts.

    The first organisation holds 40 % of the staff (a large region), the others share the rest.
    """
    rng = random.Random(50_000)
    shares = [0.4] + [0.6 / (organisation_count - 1)] * (organisation_count - 1)
    counts = [int(staff_count * share) for share in shares]
    counts[-1] += staff_count - sum(counts)
    cutoff = today - datetime.timedelta(days=730)
    areas = list(Area)
    for number, in_organisation in enumerate(counts, start=1):
        organisation = Organisation.objects.create(
            name=f"Benchmarkkommun {number}", slug=f"{BENCH_ORGANISATION_PREFIX}{number}"
        )
        unit_count = max(1, in_organisation // STAFF_PER_UNIT)
        district_count = max(1, unit_count // 8)
        districts = District.objects.bulk_create(
            [District(organisation=organisation, name=f"Stadsdel {d}") for d in range(1, district_count + 1)]
        )
        units = Unit.objects.bulk_create(
            [
                Unit(district=districts[u % district_count], name=f"Enhet {u}", area=areas[u % len(areas)])
                for u in range(1, unit_count + 1)
            ]
        )
        leaders, workers = [], []
        for index in range(in_organisation):
            unit = units[index % unit_count]
            position = index // unit_count
            start = today - datetime.timedelta(days=rng.randint(0, 3650))
            person = StaffMember(
                organisation=organisation,
                unit=unit,
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(demo.LAST_NAMES),
                work_email=f"p{index}@{organisation.slug}.example.se",
                employment_start=start,
                employment_type=EmploymentType.TILLSVIDARE if rng.random() < 0.6 else EmploymentType.TIDSBEGRANSAD,
                competence_level=CompetenceLevel.NYBORJARE if start >= cutoff else CompetenceLevel.KUNNIG,
                gender=Gender.KVINNA if rng.random() < 0.85 else Gender.MAN,
            )
            if position == 0:
                person.bench_role = Role.ENHETSCHEF
            elif position in (1, 2):
                person.bench_role = Role.FORSTE_SOCIALSEKRETERARE
            elif index in (unit_count * 3, unit_count * 3 + 1):
                person.bench_role = Role.HR
            elif index == unit_count * 3 + 2:
                person.bench_role = Role.UTBILDNINGSSAMORDNARE
            else:
                person.bench_role = Role.SOCIALSEKRETERARE
            (leaders if position < 3 else workers).append(person)
        StaffMember.objects.bulk_create(leaders, batch_size=2000)
        seniors_by_unit: dict[int, list[int]] = {}
        for leader in leaders:
            if leader.bench_role == Role.FORSTE_SOCIALSEKRETERARE:
                seniors_by_unit.setdefault(leader.unit_id, []).append(leader.pk)
        for number, person in enumerate(workers):
            seniors = seniors_by_unit.get(person.unit_id)
            if seniors and person.employment_start >= cutoff:
                person.supervisor_id = seniors[number % len(seniors)]
                person.mentor_id = seniors[(number + 1) % len(seniors)]
        StaffMember.objects.bulk_create(workers, batch_size=2000)
        StaffRole.objects.bulk_create(
            [StaffRole(staff_id=person.pk, role=person.bench_role) for person in leaders + workers], batch_size=5000
        )


# Ten years of history: rounds, nominations, attendance, surveys and introduction plans, laid out with bulk_create
# as the services would have left them (the services themselves take a row lock and send signals per change, which
# would take hours at this volume).

HISTORY_YEARS = 10
SEED_WORKERS = 2  # the organisations are seeded in two processes (the machine has two cores)
BATCH = 5000
DROP_OUT_REASONS = [
    DropOutReason.LACK_OF_TIME,
    DropOutReason.LACK_OF_TIME,
    DropOutReason.CHANGED_JOB,
    DropOutReason.LEFT_EMPLOYMENT,
    DropOutReason.ILLNESS,
]
MEETINGS_WITHIN_DAYS = 365  # booked meetings only for the plans of the last year's hires (64 rows a plan)
ANSWER_SHARE = 0.65


def _aware(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=timezone.get_default_timezone())


@dataclass
class _PlannedHistoryRound:
    course: Course
    planned: planning.PlannedRound
    default_capacity: int
    hires: list = field(default_factory=list)
    instance: CourseRound | None = None
    sessions: list = field(default_factory=list)

    @property
    def starts_on(self) -> datetime.date:
        return self.planned.sessions[0].date

    @property
    def ends_on(self) -> datetime.date:
        return self.planned.sessions[-1].date


def seed_history(*, today: datetime.date, years: int = HISTORY_YEARS, workers: int = 1) -> dict[str, int]:
    """Give every benchmark organisation `years` of course rounds, nominations, surveys and plans; return row counts.

    Organisations are independent, so with `workers` > 1 they are seeded in that many forked processes (each
    with its own connection and transaction per organisation), largest first. Only for committed data: a test's
    uncommitted rows are invisible to other connections, so tests keep one worker.
    """
    organisation_ids = list(
        Organisation.objects.filter(slug__startswith=BENCH_ORGANISATION_PREFIX)
        .annotate(size=Count("staff"))
        .order_by("-size", "pk")
        .values_list("pk", flat=True)
    )
    counts: dict[str, int] = {}
    if workers <= 1:
        for organisation_id in organisation_ids:
            _add(counts, _seed_organisation_history(organisation_id, today=today, years=years))
        return counts
    connections.close_all()  # the forked workers open their own
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = [
            pool.submit(_seed_in_worker, organisation_id, today=today, years=years)
            for organisation_id in organisation_ids
        ]
        for future in futures:
            _add(counts, future.result())
    return counts


def _seed_organisation_history(organisation_id: int, *, today: datetime.date, years: int) -> dict[str, int]:
    rng = random.Random(organisation_id)  # the same history whichever worker seeds it
    organisation = Organisation.objects.get(pk=organisation_id)
    with transaction.atomic():
        hires = list(
            StaffMember.objects.filter(
                organisation=organisation,
                roles__role=Role.SOCIALSEKRETERARE,
                employment_start__isnull=False,
                employment_start__lte=today,
            )
            .order_by("employment_start", "pk")
            .only("pk", "unit", "employment_start", "supervisor", "mentor")
        )
        nominations = _seed_rounds(organisation=organisation, hires=hires, today=today, years=years, rng=rng)
        counts = {"nominations": len(nominations)}
        _add(counts, _seed_surveys(organisation=organisation, nominations=nominations, rng=rng))
        _add(counts, _seed_plans(organisation=organisation, hires=hires, nominations=nominations, today=today, rng=rng))
    return counts


def _seed_in_worker(organisation_id: int, *, today: datetime.date, years: int) -> dict[str, int]:
    try:
        return _seed_organisation_history(organisation_id, today=today, years=years)
    finally:
        connections.close_all()


def _add(counts: dict[str, int], more: dict[str, int]) -> None:
    for key, value in more.items():
        counts[key] = counts.get(key, 0) + value


def _planned_rounds(organisation, *, today, years) -> tuple[list[_PlannedHistoryRound], list[_PlannedHistoryRound]]:
    """Lay out the Del 1 and Del 2 rounds of the past `years` calendar years as the planner would have."""
    courses = {
        c.kind: c for c in Course.objects.filter(organisation=organisation, kind__in=[CourseKind.DEL1, CourseKind.DEL2])
    }
    del1, del2 = courses[CourseKind.DEL1], courses[CourseKind.DEL2]
    settings_row = course_services.planning_settings_for(organisation=organisation)
    excluded = set(settings_row.excluded_months)
    del1_modules = [(module.pk, module.days) for module in del1.modules.all()]
    del2_modules = [(module.pk, module.days) for module in del2.modules.all()]
    pattern = {
        "excluded_months": excluded,
        "weekday": settings_row.weekday,
        "week_of_month": settings_row.week_of_month,
        "closed": planning.closed_days(first=datetime.date(today.year - years, 1, 1), years=years + 3),
    }
    del1_rounds, del2_rounds = [], []
    for year in range(today.year - years + 1, today.year + 1):
        anchor = datetime.date(year, 1, 1)  # the planner's window from New Year's Day: January to December
        for planned in planning.del1_rounds(today=anchor, modules=del1_modules, **pattern):
            del1_rounds.append(_PlannedHistoryRound(del1, planned, settings_row.capacity))
        busy = frozenset(
            session.date
            for planned in planning.del1_rounds(today=anchor, modules=del1_modules, horizon=24, **pattern)
            for session in planned.sessions
        )
        for planned in planning.del2_rounds(
            today=anchor,
            modules=del2_modules,
            start_month=settings_row.del2_month,
            interval_weeks=settings_row.del2_interval_weeks,
            busy_days=busy,
            **pattern,
        ):
            del2_rounds.append(_PlannedHistoryRound(del2, planned, settings_row.del2_capacity))
    return del1_rounds, del2_rounds


def _seed_rounds(*, organisation, hires, today, years, rng) -> list[Nomination]:
    """Create the rounds with sessions, nominate each hire to Del 1 (and most to Del 2), record attendance."""
    del1_rounds, del2_rounds = _planned_rounds(organisation, today=today, years=years)
    for hire in hires:
        deadline = course_selectors.del1_deadline(hire.employment_start)
        candidates = [r for r in del1_rounds if hire.employment_start <= r.starts_on <= deadline]
        if candidates and rng.random() < 0.95:
            chosen = candidates[1] if len(candidates) > 1 and rng.random() < 0.15 else candidates[0]
            chosen.hires.append(hire)
        deadline = course_selectors.del2_deadline(hire.employment_start)
        candidates = [r for r in del2_rounds if hire.employment_start + datetime.timedelta(days=60) <= r.starts_on]
        candidates = [r for r in candidates if r.starts_on <= deadline]
        if candidates and rng.random() < 0.8:
            candidates[0].hires.append(hire)
    rounds = []
    for planned_round in del1_rounds + del2_rounds:
        rounds += _parallel_rounds(planned_round, today=today)
    CourseRound.objects.bulk_create([r.instance for r in rounds], batch_size=BATCH)
    place = "Kompetenscentrum"
    for history_round in rounds:
        history_round.sessions = [
            RoundSession(
                course_round=history_round.instance,
                date=session.date,
                start_time=session.start_time,
                end_time=session.end_time,
                place=place,
            )
            for session in history_round.planned.sessions
        ]
    RoundSession.objects.bulk_create([s for r in rounds for s in r.sessions], batch_size=BATCH)
    Through = RoundSession.modules.through
    Through.objects.bulk_create(
        [
            Through(roundsession_id=session.pk, coursemodule_id=module_id)
            for r in rounds
            for session, planned in zip(r.sessions, r.planned.sessions, strict=True)
            for module_id in planned.module_keys
        ],
        batch_size=BATCH,
    )

    nominations, events, attendances = [], [], []
    for history_round in rounds:
        _nominate_round(history_round, today=today, rng=rng, nominations=nominations)
    Nomination.objects.bulk_create(nominations, batch_size=BATCH)
    for nomination in nominations:
        history_round = nomination.bench_round
        queued = nomination.queued_at
        events.append(NominationEvent(nomination=nomination, kind=NominationEventKind.NOMINATED, at=queued))
        first_kind = (
            NominationEventKind.WAITLISTED
            if nomination.status == NominationStatus.WAITLISTED or nomination.bench_waitlisted
            else NominationEventKind.BOOKED
        )
        events.append(NominationEvent(nomination=nomination, kind=first_kind, at=queued))
        sessions = history_round.sessions
        if nomination.status == NominationStatus.COMPLETED:
            missed = nomination.bench_missed
            attendances += [
                Attendance(session=s, nomination=nomination, present=s is not missed, recorded_at=_aware(s.date, 16))
                for s in sessions
            ]
            events.append(
                NominationEvent(nomination=nomination, kind=NominationEventKind.COMPLETED, at=nomination.completed_at)
            )
        elif nomination.status == NominationStatus.DROPPED_OUT:
            attendances.append(
                Attendance(
                    session=sessions[0], nomination=nomination, present=True, recorded_at=_aware(sessions[0].date, 16)
                )
            )
            events.append(
                NominationEvent(
                    nomination=nomination, kind=NominationEventKind.DROPPED_OUT, at=_aware(sessions[0].date, 17)
                )
            )
        elif nomination.status == NominationStatus.CANCELLED:
            note = "Omgången genomfördes utan att en plats blev ledig." if nomination.bench_waitlisted else ""
            when = _aware(history_round.starts_on if note else history_round.starts_on - datetime.timedelta(days=10))
            events.append(
                NominationEvent(nomination=nomination, kind=NominationEventKind.CANCELLED, at=when, note=note)
            )
        elif nomination.status == NominationStatus.BOOKED:
            attendances += [
                Attendance(session=s, nomination=nomination, present=rng.random() < 0.9, recorded_at=_aware(s.date, 16))
                for s in sessions
                if s.date < today
            ]
    NominationEvent.objects.bulk_create(events, batch_size=BATCH)
    Attendance.objects.bulk_create(attendances, batch_size=BATCH)
    return nominations


def _parallel_rounds(history_round: _PlannedHistoryRound, *, today) -> list[_PlannedHistoryRound]:
    """Split a month's hires into rounds of the planned size, as coordinators add parallel rounds by hand.

    The first keeps the planner's key; the others have none (made by hand). A round still to come takes two
    more than its seats, who wait on its reserve list.
    """
    held = history_round.ends_on < today
    seats = history_round.default_capacity
    size = seats if held else seats + 2
    hires = history_round.hires
    parts = []
    for number, first in enumerate(range(0, max(len(hires), 1), size), start=1):
        part = _PlannedHistoryRound(history_round.course, history_round.planned, seats, hires[first : first + size])
        part.instance = CourseRound(
            course=history_round.course,
            title=history_round.planned.title + (f" (grupp {number})" if number > 1 else ""),
            planning_key=history_round.planned.planning_key if number == 1 else "",
            status=RoundStatus.HELD if held else RoundStatus.OPEN,
            capacity=seats,
            starts_on=history_round.starts_on,
            ends_on=history_round.ends_on,
        )
        parts.append(part)
    return parts


def _nominate_round(history_round: _PlannedHistoryRound, *, today, rng, nominations: list) -> None:
    course_round = history_round.instance
    held = course_round.status == RoundStatus.HELD
    for position, hire in enumerate(history_round.hires):
        queued = _aware(max(hire.employment_start, history_round.starts_on - datetime.timedelta(days=45)), 10)
        queued += datetime.timedelta(minutes=position)
        nomination = Nomination(course_round=course_round, staff_id=hire.pk, queued_at=queued)
        nomination.bench_round, nomination.bench_waitlisted, nomination.bench_missed = history_round, False, None
        if not held:
            waitlisted = position >= course_round.capacity
            nomination.status = NominationStatus.WAITLISTED if waitlisted else NominationStatus.BOOKED
        else:
            roll = rng.random()
            if roll < 0.05:
                nomination.status = NominationStatus.DROPPED_OUT
                nomination.drop_out_reason = rng.choice(DROP_OUT_REASONS)
                if nomination.drop_out_reason == DropOutReason.ILLNESS:
                    nomination.drop_out_text = "Långtidssjukskriven under kursperioden."
            elif roll < 0.08:
                nomination.status = NominationStatus.CANCELLED
            elif roll < 0.10:
                nomination.status = NominationStatus.CANCELLED  # waited for a seat that never came free
                nomination.bench_waitlisted = True
            else:
                nomination.status = NominationStatus.COMPLETED
                nomination.completed_at = _aware(history_round.ends_on, 16)
                if rng.random() < 0.08:
                    nomination.bench_missed = rng.choice(history_round.sessions)
                    nomination.completion_override_reason = "Tog igen den missade dagen med nästa omgång."
        nominations.append(nomination)
    history_round.hires = []  # free the references; nominations carry what is needed from here


def _seed_surveys(*, organisation, nominations, rng) -> dict[str, int]:
    """Open the evaluation of every held round; about two thirds of the enrolled answer, anonymously."""
    template = survey_selectors.active_template_for(organisation_id=organisation.pk)
    if template is None:
        return {}
    questions = list(survey_selectors.template_with_questions(template))
    by_round: dict[int, list[Nomination]] = {}
    for nomination in nominations:
        if nomination.course_round.status == RoundStatus.HELD and nomination.status in ENROLLED_STATUSES:
            by_round.setdefault(nomination.course_round_id, []).append(nomination)
    surveys = {
        round_id: Survey(
            template=template,
            course_round_id=round_id,
            opened_on=enrolled[0].course_round.ends_on + datetime.timedelta(days=1),
        )
        for round_id, enrolled in by_round.items()
    }
    Survey.objects.bulk_create(surveys.values(), batch_size=BATCH)
    modules_by_course = {
        course.pk: list(course.modules.order_by("order", "pk").values_list("pk", flat=True))
        for course in Course.objects.filter(organisation=organisation)
    }
    invitations, responses, answers, picks = [], [], [], []
    for round_id, enrolled in by_round.items():
        survey = surveys[round_id]
        sent = _aware(survey.opened_on, 9)
        modules = modules_by_course[enrolled[0].course_round.course_id]
        for nomination in enrolled:
            answered = rng.random() < ANSWER_SHARE
            reminded = sent + datetime.timedelta(days=template.reminder_after_days) if rng.random() < 0.5 else None
            invitations.append(
                Invitation(
                    survey=survey,
                    staff_id=nomination.staff_id,
                    sent_at=sent,
                    reminded_at=reminded,
                    answered_at=sent + datetime.timedelta(days=rng.randint(0, 12), hours=rng.randint(0, 8))
                    if answered
                    else None,
                )
            )
            if answered:
                response = Response(survey=survey)
                responses.append(response)
                _answers_for(response, questions, modules, rng, answers, picks)
    Invitation.objects.bulk_create(invitations, batch_size=BATCH)
    rng.shuffle(responses)  # random keys anyway; no order to give away
    Response.objects.bulk_create(responses, batch_size=BATCH)
    Answer.objects.bulk_create(answers, batch_size=BATCH)
    AnswerChoice.objects.bulk_create(picks, batch_size=BATCH)
    return {
        "surveys": len(surveys),
        "invitations": len(invitations),
        "responses": len(responses),
        "answers": len(answers),
    }


def _answers_for(response, questions, modules, rng, answers: list, picks: list) -> None:
    for question in questions:
        if question.kind == QuestionKind.RATING and question.per_module:
            if rng.random() < 0.5:
                for module_id in modules:
                    dont_know = rng.random() < 0.1
                    answers.append(
                        Answer(
                            response=response,
                            question=question,
                            module_id=module_id,
                            dont_know=dont_know,
                            rating=None if dont_know else _rating(rng),
                        )
                    )
        elif question.kind == QuestionKind.RATING:
            answers.append(Answer(response=response, question=question, rating=_rating(rng)))
        elif question.kind == QuestionKind.YES_NO:
            answers.append(Answer(response=response, question=question, yes=rng.random() < 0.85))
        elif question.kind == QuestionKind.MULTIPLE_CHOICE:
            answer = Answer(response=response, question=question)
            answers.append(answer)
            choices = list(question.choices.all())
            picks += [
                AnswerChoice(answer=answer, choice=choice) for choice in rng.sample(choices, k=rng.choice([0, 1, 1, 2]))
            ]
        elif rng.random() < 0.25:
            answers.append(Answer(response=response, question=question, text="Dialoggrupperna var det bästa."))


def _rating(rng: random.Random) -> int:
    return rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 6, 12, 9])[0]


def _seed_plans(*, organisation, hires, nominations, today, rng) -> dict[str, int]:
    """Lay out each hire's plan from the published template as plan_create would, tick what is done, log the ticks."""
    version = checklist_selectors.current_version_for_organisation(organisation.pk)
    if version is None:
        return {}
    template_items = list(
        version.items.select_related("phase", "course_module").order_by("phase__position", "position")
    )
    managers = dict(
        StaffMember.objects.filter(organisation=organisation, roles__role=Role.ENHETSCHEF, employment_end__isnull=True)
        .order_by("-pk")
        .values_list("unit_id", "pk")
    )  # the lowest pk wins, as in checklists.services._resolve_responsible
    completed = {}
    for nomination in nominations:
        if nomination.status == NominationStatus.COMPLETED:
            completed[(nomination.staff_id, nomination.course_round.course_id)] = nomination
    profiles = [value for value, _label in IntroductionProfile.choices]
    plans = []
    for hire in hires:
        plan = IntroductionPlan(
            staff_id=hire.pk,
            template_version=version,
            profile=checklist_services.DEFAULT_PROFILE if rng.random() < 0.7 else rng.choice(profiles),
            start_date=hire.employment_start,
            manager_id=managers.get(hire.unit_id),
            supervisor_id=hire.supervisor_id,
            mentor_id=hire.mentor_id,
        )
        plan.bench_hire = hire
        plans.append(plan)
    IntroductionPlan.objects.bulk_create(plans, batch_size=BATCH)
    items, goals, meetings = [], [], []
    for plan in plans:
        goals += [LearningGoal(plan=plan, knowledge_area=area) for area in KnowledgeArea.values]
        position = 0
        for template_item in template_items:
            if not template_item.applies_to(plan.profile):
                continue
            due = checklist_services.due_date_for(start_date=plan.start_date, due_day=template_item.due_day)
            item = PlanItem(
                plan=plan,
                template_item=template_item,
                phase=template_item.phase.phase,
                position=position,
                title=template_item.title,
                guidance=template_item.guidance,
                responsible_role=template_item.responsible_role,
                due_date=due,
            )
            position += 1
            item.bench_reference = ""
            if template_item.course_id or template_item.course_module_id:
                course_id = template_item.course_id or template_item.course_module.course_id
                nomination = completed.get((plan.staff_id, course_id))
                if nomination is not None:
                    item.done, item.done_at, item.version = True, nomination.completed_at, 2
                    item.bench_reference = f"nomination:{nomination.pk}"
            else:
                days_left = (due - today).days
                chance = 0.93 if days_left < 0 else (0.3 if days_left < 14 else 0.0)
                if rng.random() < chance:
                    day = min(today, due + datetime.timedelta(days=rng.randint(-5, 3)))
                    item.done, item.done_at, item.version = True, _aware(day, rng.randint(8, 16)), 2
            items.append(item)
        if (today - plan.start_date).days <= MEETINGS_WITHIN_DAYS:
            meetings += _meetings(plan)
    PlanItem.objects.bulk_create(items, batch_size=BATCH)
    LearningGoal.objects.bulk_create(goals, batch_size=BATCH)
    PlanMeeting.objects.bulk_create(meetings, batch_size=BATCH)
    PlanItemEvent.objects.bulk_create(
        [
            PlanItemEvent(
                item=item,
                old_done=False,
                new_done=True,
                source=EventSource.AUTOMATIC,
                reference=item.bench_reference,
                description="Automatiskt: kurs slutförd",
            )
            for item in items
            if item.done and item.bench_reference
        ],
        batch_size=BATCH,
    )
    _log_manual_ticks(organisation_id=organisation.pk)
    events = PlanItemEvent.objects.filter(item__plan__staff__organisation=organisation).count()
    return {"plans": len(plans), "plan items": len(items), "item events": events, "meetings": len(meetings)}


def _log_manual_ticks(*, organisation_id: int) -> None:
    """Log each ticked item that no course ticks as one manual tick at the time it was done.

    Set-based (INSERT ... SELECT, plain SQL that SQLite runs too): over a million rows at national scale, which
    bulk_create would spend minutes building in Python. Unlike bulk_create it keeps `at` (auto_now_add) = done_at.
    """
    event, item, plan = PlanItemEvent._meta.db_table, PlanItem._meta.db_table, IntroductionPlan._meta.db_table
    staff, template_item = StaffMember._meta.db_table, TemplateItem._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {event} (item_id, actor_id, at, old_done, new_done, note, source, reference, description)
            SELECT i.id, NULL, i.done_at, %s, %s, '', %s, '', ''
            FROM {item} i
            JOIN {plan} p ON p.id = i.plan_id
            JOIN {staff} s ON s.id = p.staff_id
            LEFT JOIN {template_item} t ON t.id = i.template_item_id
            WHERE i.done = %s AND s.organisation_id = %s AND t.course_id IS NULL AND t.course_module_id IS NULL""",
            [False, True, EventSource.MANUAL, True, organisation_id],
        )


def _meetings(plan: IntroductionPlan) -> list[PlanMeeting]:
    """The standard meetings of checklists.services.plan_meetings_generate, without its per-plan insert."""
    start = checklist_services._weekday_on_or_after(plan.start_date)
    week = datetime.timedelta(weeks=1)
    made = [
        PlanMeeting(
            plan=plan,
            kind=MeetingKind.SUPERVISION,
            starts_at=_aware(start + n * week, 10),
            with_whom_id=plan.supervisor_id,
        )
        for n in range(52)
    ]
    made += [
        PlanMeeting(
            plan=plan,
            kind=MeetingKind.MANAGER_CHECK_IN,
            starts_at=_aware(
                checklist_services._weekday_on_or_after(plan.start_date + datetime.timedelta(days=days)), 13
            ),
            with_whom_id=plan.manager_id,
        )
        for days in checklist_services.CHECK_IN_DAYS
    ]
    made += [
        PlanMeeting(
            plan=plan, kind=MeetingKind.MENTOR, starts_at=_aware(start + n * week, 14), with_whom_id=plan.mentor_id
        )
        for n in range(4)
    ]
    made += [
        PlanMeeting(plan=plan, kind=MeetingKind.REFLECTION, starts_at=_aware(start + (2 + 4 * n) * week, 15))
        for n in range(4)
    ]
    return made
