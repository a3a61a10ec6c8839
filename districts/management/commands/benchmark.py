"""Measure the main pages at national scale (50,000 staff, ten years of hires) in a separate database.

`manage.py benchmark` picks the benchmark database (`var/bench.sqlite3`, or `<name>_bench` when
DATABASE_URL is PostgreSQL), then runs itself again against it: migrate, seed once, and time each
page in MEASURED_PAGES with the Django test client as an HR user and as an enhetschef. Other apps add
their pages to MEASURED_PAGES; names that do not resolve are skipped.
"""

import datetime
import os
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import dj_database_url
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from districts import demo
from districts.models import (
    Area,
    CompetenceLevel,
    District,
    EmploymentType,
    Gender,
    Organisation,
    Role,
    StaffMember,
    StaffRole,
    Unit,
)

TARGET_MEDIAN_MS = 300
TARGET_MAX_QUERIES = 30
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


@dataclass(frozen=True)
class BenchPage:
    label: str
    url_name: str
    kwargs: Callable[[BenchContext], dict] = lambda context: {}
    query: str = ""


# Other apps append their pages here (e.g. from their AppConfig.ready or a bench module).
MEASURED_PAGES: list[BenchPage] = [
    BenchPage("dashboard", "dashboard"),
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
        if existing >= staff_count:
            self.stdout.write(f"Reusing {existing:,} benchmark staff (pass --fresh to seed again).")
            return
        if existing:
            raise CommandError(f"the benchmark database has {existing:,} staff, fewer than asked: run with --fresh")
        started = time.perf_counter()
        seed_national(staff_count=staff_count, today=timezone.localdate())
        with connection.cursor() as cursor:  # fresh planner statistics, as autovacuum would give a live database
            cursor.execute("ANALYZE")
        self.stdout.write(f"Seeded {staff_count:,} staff in {time.perf_counter() - started:.1f} s.")

    # Measuring

    def _measure(self, *, runs: int):
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        settings.DEBUG = False  # time what production does, without the debug query log
        users = bench_users()
        total_staff = StaffMember.objects.count()
        self.stdout.write(
            f"\n{total_staff:,} staff in {Organisation.objects.count()} organisations; {runs} timed runs per page."
        )
        self.stdout.write(
            f"Targets: median < {TARGET_MEDIAN_MS} ms and < {TARGET_MAX_QUERIES} queries on every page.\n"
        )
        header = f"{'user':<12} {'page':<34} {'median ms':>9} {'max ms':>8} {'queries':>7} {'peak KiB':>9}  status"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        missed = []
        for user_label, (user, context) in users.items():
            client = Client()
            client.force_login(user)
            for page in MEASURED_PAGES:
                try:
                    url = reverse(page.url_name, kwargs=page.kwargs(context)) + page.query
                except (NoReverseMatch, KeyError, AttributeError):
                    continue
                result = _measure_page(client, url, runs=runs)
                ok = (
                    result["status"] == 200
                    and result["median_ms"] < TARGET_MEDIAN_MS
                    and result["queries"] < TARGET_MAX_QUERIES
                )
                if not ok:
                    missed.append(f"{user_label}: {page.label}")
                self.stdout.write(
                    f"{user_label:<12} {page.label:<34} {result['median_ms']:>9.1f} {result['max_ms']:>8.1f} "
                    f"{result['queries']:>7} {result['peak_kib']:>9,.0f}  "
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


def bench_users() -> dict[str, tuple[Any, BenchContext]]:
    """Return an HR user of the largest organisation and an enhetschef of one of its units, with logins."""
    User = get_user_model()
    organisation = Organisation.objects.filter(slug=f"{BENCH_ORGANISATION_PREFIX}1").get()
    result = {}
    for label, role in (("HR", Role.HR), ("enhetschef", Role.ENHETSCHEF)):
        staff = (
            StaffMember.objects.filter(organisation=organisation, roles__role=role)
            .select_related("unit")
            .order_by("pk")
            .first()
        )
        if staff.user_id is None:
            user, _created = User.objects.get_or_create(username=staff.work_email, defaults={"email": staff.work_email})
            staff.user = user
            staff.save(update_fields=["user"])
        hire = (
            StaffMember.objects.filter(unit=staff.unit, supervisor__isnull=False).order_by("-employment_start").first()
        )
        result[label] = (staff.user, BenchContext(organisation=organisation, unit=staff.unit, staff=hire or staff))
    return result


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
