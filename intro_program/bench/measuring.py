"""Log in as the bench users and time each measured page: median and maximum time, queries, peak memory."""

import datetime
import statistics
import time
import tracemalloc
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch

from checklists.models import IntroductionPlan, PlanItem
from courses.models import CourseKind, CourseRound, Nomination, RoundStatus
from districts import clock
from districts.models import Organisation, Role, StaffMember
from intro_program.bench.pages import (
    HEAVY_TARGET_MS,
    MEASURED_PAGES,
    TARGET_MAX_QUERIES,
    TARGET_MEDIAN_MS,
    TARGET_PEAK_MIB,
    BenchContext,
)
from intro_program.bench.seeding import BENCH_ORGANISATION_PREFIX
from surveys.models import Response, Survey


def measure(*, runs: int, stdout) -> list[str]:
    """Time every measured page for its bench users, print a line for each; return the pages that missed."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False  # time what production does, without the debug query log
    users = bench_users()
    stdout.write(
        f"\n{StaffMember.objects.count():,} staff in {Organisation.objects.count()} organisations, "
        f"{CourseRound.objects.count():,} rounds, {Nomination.objects.count():,} nominations, "
        f"{IntroductionPlan.objects.count():,} plans, {PlanItem.objects.count():,} plan items, "
        f"{Response.objects.count():,} survey responses; {runs} timed runs per page."
    )
    stdout.write(
        f"Targets: median < {TARGET_MEDIAN_MS} ms (< {HEAVY_TARGET_MS} ms for ten-year reports and exports), "
        f"< {TARGET_MAX_QUERIES} queries, peak Python memory < {TARGET_PEAK_MIB} MiB per request.\n"
    )
    header = (
        f"{'user':<12} {'page':<34} {'target':>6} {'median ms':>9} {'max ms':>8} {'queries':>7} {'peak KiB':>9}  status"
    )
    stdout.write(header)
    stdout.write("-" * len(header))
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
            result = measure_page(client, url, runs=runs)
            ok = (
                result["status"] == 200
                and result["median_ms"] < page.target_ms
                and result["queries"] < TARGET_MAX_QUERIES
                and result["peak_kib"] < TARGET_PEAK_MIB * 1024
            )
            if not ok:
                missed.append(f"{user_label}: {page.label}")
            stdout.write(
                f"{user_label:<12} {page.label:<34} {page.target_ms:>6} {result['median_ms']:>9.1f} "
                f"{result['max_ms']:>8.1f} {result['queries']:>7} {result['peak_kib']:>9,.0f}  "
                + ("ok" if ok else f"MISSED (HTTP {result['status']})")
            )
    return missed


def measure_page(client: Client, url: str, *, runs: int) -> dict:
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
