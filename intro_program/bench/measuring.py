"""Time the key pages over HTTP against gunicorn in one interleaved run; count their queries in this process.

Every round visits each page on the national and the city seed, its admin changelist (lists), and the floor
view in between, so a busy moment on the shared machine falls on all of them alike.
"""

import datetime
import http.client
import logging
import statistics
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from checklists.models import IntroductionPlan
from courses.models import CourseKind, CourseRound, Nomination, RoundStatus
from districts import clock
from districts.models import Organisation, Role, StaffMember
from intro_program.bench.floor import FLOOR_PATH
from intro_program.bench.pages import BenchContext, BenchPage
from intro_program.bench.seeding import CITY_SLUG, NATIONAL_SLUG
from surveys.models import Survey

BENCH_ROLES = {
    "HR": Role.HR,
    "coordinator": Role.UTBILDNINGSSAMORDNARE,
    "enhetschef": Role.ENHETSCHEF,
    "forste": Role.FORSTE_SOCIALSEKRETERARE,
}
SCALES = {"national": NATIONAL_SLUG, "city": CITY_SLUG}
FLOOR_EVERY = 4  # pages between two visits of the floor view
TOO_SLOW_SECONDS = 30  # a page slower than this in its warm-up is reported as such and not timed again
ADMIN_USERNAME = "bench-admin"


@dataclass
class Timings:
    samples: list[float] = field(default_factory=list)
    statuses: set[int] = field(default_factory=set)

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else float("nan")

    @property
    def p95(self) -> float:
        return percentile(self.samples, 95)


def percentile(samples: list[float], share: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share / 100 * (len(ordered) - 1)))]


def bench_users(*, slug: str, today: datetime.date | None = None) -> dict[str, tuple[Any, BenchContext]]:
    """Return logins for an HR user, a coordinator, an enhetschef and a 1:e socialsekreterare of the organisation,
    with what the pages point at: a hire in the enhetschef's unit whom the 1:e socialsekreterare supervises, her
    plan and latest nomination, the latest held Del 1 round, the running Del 2 and the held round's survey.
    """
    today = today or clock.today()
    organisation = Organisation.objects.get(slug=slug)
    people = {
        label: StaffMember.objects.filter(organisation=organisation, roles__role=role)
        .select_related("unit")
        .order_by("pk")
        .first()
        for label, role in BENCH_ROLES.items()
    }
    manager = people["enhetschef"]
    supervisors = StaffMember.objects.filter(unit=manager.unit, roles__role=Role.FORSTE_SOCIALSEKRETERARE)
    people["forste"] = supervisors.select_related("unit").order_by("pk").first() or people["forste"]
    hires = StaffMember.objects.filter(unit=manager.unit, supervisor=people["forste"]).order_by(
        "-employment_start", "-pk"
    )
    hire = hires.filter(nominations__isnull=False).first() or hires.first() or manager
    extra: dict[str, Any] = {"year": today.year}
    plan = IntroductionPlan.objects.filter(staff=hire).values_list("pk", flat=True).first()
    nomination = Nomination.objects.filter(staff=hire).order_by("-queued_at").values_list("pk", flat=True).first()
    rounds = CourseRound.objects.filter(course__organisation=organisation).order_by("-starts_on", "-pk")
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
        label: (_user_of(staff), BenchContext(organisation=organisation, unit=staff.unit, staff=hire, extra=extra))
        for label, staff in people.items()
        if staff is not None
    }


def _user_of(staff: StaffMember):
    User = get_user_model()
    if staff.user_id is None:
        user, _created = User.objects.get_or_create(username=staff.work_email, defaults={"email": staff.work_email})
        staff.user = user
        staff.save(update_fields=["user"])
    return staff.user


def admin_user():
    User = get_user_model()
    user, _created = User.objects.get_or_create(
        username=ADMIN_USERNAME, defaults={"is_staff": True, "is_superuser": True, "email": "admin@bench.example.se"}
    )
    return user


def session_cookie(user) -> str:
    """Sign the user in through Django's test client and return the session cookie for the HTTP client."""
    logging.getLogger("axes").setLevel(logging.WARNING)  # one line a sign-in otherwise
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


@dataclass
class Target:
    """One URL to time, with the session it is opened with."""

    key: tuple[str, str]  # (page label, "national" | "city" | "admin national" | ...)
    url: str
    cookie: str
    timings: Timings = field(default_factory=Timings)
    queries: int | None = None
    shown_rows: int | None = None  # table rows (<tr>) of the page's HTML: how much the user is shown
    shown_cells: int | None = None  # their cells (<td>, <th>)
    too_slow: bool = False


def targets_for(pages: list[BenchPage]) -> tuple[list[Target], Target, dict]:
    """Return the URLs to time (each page on both seeds and its admin changelist), the floor, and the contexts."""
    admin_cookie = session_cookie(admin_user())
    users = {scale: bench_users(slug=slug) for scale, slug in SCALES.items()}
    cookies = {
        scale: {label: session_cookie(user) for label, (user, _c) in found.items()} for scale, found in users.items()
    }
    targets = []
    for page in pages:
        for scale, found in users.items():
            if page.user not in found:
                continue
            context = found[page.user][1]
            try:
                url = page.url(context)
            except KeyError:  # the seed has no such object (a tiny test seed)
                continue
            targets.append(Target((page.label, scale), url, cookies[scale][page.user]))
            if page.admin:
                targets.append(Target((page.label, f"admin {scale}"), page.admin(context), admin_cookie))
    floor = Target(("floor", "national"), f"/{FLOOR_PATH}", cookies["national"]["HR"])  # mounted in the server only
    return targets, floor, users


def count_queries(targets: list[Target]) -> None:
    """Count each URL's queries in this process (one request after a warm-up), as the tests do.

    Pages too slow over HTTP are left out (None): in this process no timeout could stop them."""
    for target in targets:
        if target.too_slow:
            continue
        client = Client(HTTP_COOKIE=target.cookie)
        client.cookies.load(target.cookie)
        client.get(target.url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(target.url)
        target.queries = len(captured.captured_queries)
        target.shown_rows, target.shown_cells = shown_table(response)


def shown_table(response) -> tuple[int | None, int | None]:
    """Return the table rows and cells an HTML page shows ((None, None) for another kind of response)."""
    if not response.get("Content-Type", "").startswith("text/html") or getattr(response, "streaming", False):
        return None, None
    content = response.content
    # <th> and <th ...>, not <thead>
    return content.count(b"<tr"), content.count(b"<td") + content.count(b"<th>") + content.count(b"<th ")


def shown_floors(targets: list[Target], floor: Target) -> list[Target]:
    """Return, for each national page that shows table rows, the floor view showing as many rows and cells.

    Timed with the pages: the page's median over it says what the page costs beyond showing its rows."""
    floors = []
    for target in targets:
        if target.key[1] != "national" or not target.shown_rows:
            continue
        cells = round((target.shown_cells or 0) / target.shown_rows) or 1
        url = f"{floor.url}?rows={target.shown_rows}&cells={cells}"
        floors.append(Target((target.key[0], "shown floor"), url, floor.cookie))
    return floors


class HttpSession:
    """One keep-alive connection to the server (reconnects when the server closes it)."""

    def __init__(self, base: str, *, timeout: float = 120):
        parts = urlsplit(base)
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def get(self, url: str, cookie: str) -> tuple[int, float, int]:
        """GET the URL; return its status, the milliseconds until the whole body was read, and its size."""
        for attempt in (1, 2):
            started = time.perf_counter()
            try:
                self.connection.request("GET", url, headers={"Cookie": cookie, "Host": "127.0.0.1"})
                response = self.connection.getresponse()
                body = response.read()
            except (http.client.HTTPException, ConnectionError, TimeoutError):
                self.connection.close()
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
                if attempt == 2:
                    raise
                continue
            return response.status, (time.perf_counter() - started) * 1000, len(body)
        raise AssertionError("unreachable")


def warm_up(*, base: str, targets: list[Target], floor: Target, stdout) -> None:
    """Open every target once (templates, caches, the database's buffers); mark those slower than TOO_SLOW_SECONDS."""
    session = HttpSession(base, timeout=TOO_SLOW_SECONDS)
    for target in [floor, *targets]:
        try:
            status, _ms, _size = session.get(target.url, target.cookie)
        except (http.client.HTTPException, ConnectionError, TimeoutError):
            target.too_slow = True
            stdout.write(f"  {target.key[0]} ({target.key[1]}): slower than {TOO_SLOW_SECONDS} s, not timed")
            continue
        target.timings.statuses.add(status)


def interleave(*, base: str, targets: list[Target], floor: Target, rounds: int, stdout) -> None:
    """Visit every target once a round, the floor every FLOOR_EVERY pages, for `rounds` rounds."""
    session = HttpSession(base)
    targets = [target for target in targets if not target.too_slow]
    for number in range(1, rounds + 1):
        started = time.perf_counter()
        for index, target in enumerate(targets):
            if index % FLOOR_EVERY == 0:
                status, ms, _size = session.get(floor.url, floor.cookie)
                floor.timings.samples.append(ms)
            status, ms, _size = session.get(target.url, target.cookie)
            target.timings.samples.append(ms)
            target.timings.statuses.add(status)
        stdout.write(f"  round {number}/{rounds}: {time.perf_counter() - started:.1f} s")
