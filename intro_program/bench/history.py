"""Seed the benchmark database once: national-scale staff, then ten years of history for every organisation.

The history (rounds, nominations, attendance, surveys and introduction plans) is laid out with
bulk_create as the services would have left them: the services themselves take a row lock and send
signals per change, which would take hours at this volume.
"""

import datetime
import multiprocessing
import random
import time
from concurrent.futures import ProcessPoolExecutor

from django.core.management.base import CommandError
from django.db import connection, connections, transaction
from django.db.models import Count

from courses.models import Nomination
from districts import clock
from districts.models import Organisation, Role, StaffMember
from intro_program.bench.evaluations import seed_surveys
from intro_program.bench.plans import seed_plans
from intro_program.bench.rounds import seed_rounds
from intro_program.bench.seeding import BENCH_ORGANISATION_PREFIX, seed_national

HISTORY_YEARS = 10
SEED_WORKERS = 2  # the organisations are seeded in two processes (the machine has two cores)


def seed_once(*, staff_count: int, stdout) -> None:
    """Seed the staff and their history unless the database has them; refuse a half-seeded database."""
    existing = StaffMember.objects.filter(organisation__slug__startswith=BENCH_ORGANISATION_PREFIX).count()
    if existing >= staff_count and Nomination.objects.exists():
        stdout.write(f"Reusing {existing:,} benchmark staff (pass --fresh to seed again).")
        return
    if existing:
        raise CommandError(
            f"the benchmark database has {existing:,} staff (fewer than asked, or no history): run with --fresh"
        )
    started = time.perf_counter()
    seed_national(staff_count=staff_count, today=clock.today())
    stdout.write(f"Seeded {staff_count:,} staff in {time.perf_counter() - started:.1f} s.")
    started = time.perf_counter()
    counts = seed_history(today=clock.today(), workers=SEED_WORKERS)
    with connection.cursor() as cursor:  # statistics and visibility maps, as autovacuum keeps a live database
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    stdout.write(
        f"Seeded {HISTORY_YEARS} years of history in {time.perf_counter() - started:.1f} s: "
        + ", ".join(f"{count:,} {name}" for name, count in counts.items())
    )


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
        nominations = seed_rounds(organisation=organisation, hires=hires, today=today, years=years, rng=rng)
        counts = {"nominations": len(nominations)}
        _add(counts, seed_surveys(organisation=organisation, nominations=nominations, rng=rng))
        _add(counts, seed_plans(organisation=organisation, hires=hires, nominations=nominations, today=today, rng=rng))
    return counts


def _seed_in_worker(organisation_id: int, *, today: datetime.date, years: int) -> dict[str, int]:
    try:
        return _seed_organisation_history(organisation_id, today=today, years=years)
    finally:
        connections.close_all()


def _add(counts: dict[str, int], more: dict[str, int]) -> None:
    for key, value in more.items():
        counts[key] = counts.get(key, 0) + value
