"""Seed the benchmark database once: national-scale staff, then ten years of history for every organisation.

The history (rounds, nominations, attendance, surveys and introduction plans) is laid out with
bulk_create as the services would have left them: the services themselves take a row lock and send
signals per change, which would take hours at this volume.
"""

import datetime
import multiprocessing
import random
import resource
import time
from concurrent.futures import ProcessPoolExecutor

from django.core.management.base import CommandError
from django.db import connection, connections, transaction
from django.db.models import Count

from checklists.models import LearningGoal, PlanItem, PlanItemEvent, PlanMeeting
from courses.models import Attendance, Nomination, NominationEvent
from districts import clock
from districts.models import Organisation, Role, StaffMember
from intro_program.bench import maintenance
from intro_program.bench.evaluations import seed_surveys
from intro_program.bench.plans import seed_plans
from intro_program.bench.rounds import seed_rounds
from intro_program.bench.seeding import BENCH_ORGANISATION_PREFIX, seed_city, seed_national
from surveys.models import Answer, AnswerChoice, Invitation, Response

HISTORY_YEARS = 10
SEED_WORKERS = 2  # the organisations are seeded in two processes (the machine has two cores)
# The tables of hundreds of thousands of rows, which nothing reads while the history is written.
HISTORY_TABLES = [
    Attendance,
    NominationEvent,
    Invitation,
    Response,
    Answer,
    AnswerChoice,
    PlanItem,
    PlanItemEvent,
    PlanMeeting,
    LearningGoal,
]


def seed_once(*, staff_count: int, city_staff: int, stdout) -> float | None:
    """Seed the national and the city staff and their history unless the database has them; return the seconds.

    Refuses a half-seeded database. Returns None when the seed is reused.
    """
    existing = StaffMember.objects.filter(organisation__slug__startswith=BENCH_ORGANISATION_PREFIX).count()
    if existing >= staff_count + city_staff and Nomination.objects.exists():
        stdout.write(f"Reusing {existing:,} benchmark staff (pass --fresh to seed again).")
        return None
    if existing:
        raise CommandError(
            f"the benchmark database has {existing:,} staff (fewer than asked, or no history): run with --fresh"
        )
    started, cpu_started = time.perf_counter(), _cpu_seconds()
    seed_national(staff_count=staff_count, today=clock.today())
    seed_city(staff_count=city_staff, today=clock.today())
    stdout.write(f"Seeded {staff_count + city_staff:,} staff in {time.perf_counter() - started:.1f} s.")
    counts = seed_history(today=clock.today(), workers=SEED_WORKERS)
    maintenance.vacuum_analyze(workers=SEED_WORKERS)
    seconds = time.perf_counter() - started
    stdout.write(
        f"Seeded {HISTORY_YEARS} years of history, in {seconds:.1f} s in all "
        f"({_cpu_seconds() - cpu_started:.0f} s of this process's and its workers' CPU): "
        + ", ".join(f"{count:,} {name}" for name, count in counts.items())
    )
    return seconds


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
    # Committed data only, so the plain indexes can be built once at the end (a test's transaction, with its
    # foreign keys' checks still pending, could not build them).
    with maintenance.plain_indexes_built_after(HISTORY_TABLES, workers=workers):
        connections.close_all()  # the forked workers open their own
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [
                pool.submit(_seed_in_worker, organisation_id, today=today, years=years)
                for organisation_id in organisation_ids
            ]
            for future in futures:
                _add(counts, future.result())
    return counts


def _seed_organisation_history(
    organisation_id: int, *, today: datetime.date, years: int, unchecked: bool = False
) -> dict[str, int]:
    organisation = Organisation.objects.get(pk=organisation_id)
    # The same history whichever worker seeds it and whatever keys the database gave: seeded by its key, the test's
    # small seed drew another history whenever earlier tests in its worker had used up other keys (a city whose
    # latest held Del 1 round had nobody enrolled, so no survey to measure, in one run of ten).
    rng = random.Random(organisation.slug)
    with transaction.atomic():
        if unchecked and _superuser():
            # The foreign keys' triggers queue one check per row until commit, a third of the seed's time. Every key
            # here was just drawn for a row this transaction writes; the test's seed runs with the checks on.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
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
        nominations = seed_rounds(organisation=organisation, hires=hires, today=today, years=years, rng=rng)
        counts = {"nominations": len(nominations)}
        _add(counts, seed_surveys(organisation=organisation, nominations=nominations, rng=rng))
        _add(counts, seed_plans(organisation=organisation, hires=hires, nominations=nominations, today=today, rng=rng))
    return counts


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the seed's workers), user and system."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _superuser() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SHOW is_superuser")
        return cursor.fetchone()[0] == "on"


def _seed_in_worker(organisation_id: int, *, today: datetime.date, years: int) -> dict[str, int]:
    try:
        return _seed_organisation_history(organisation_id, today=today, years=years, unchecked=True)
    finally:
        connections.close_all()


def _add(counts: dict[str, int], more: dict[str, int]) -> None:
    for key, value in more.items():
        counts[key] = counts.get(key, 0) + value
