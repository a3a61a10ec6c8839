"""Reads of courses, rounds and sessions: the calendar year, one round in full, a person's sessions."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.shortcuts import get_object_or_404

from courses.models import (
    ENROLLED_STATUSES,
    CalendarFeed,
    Course,
    CourseModule,
    CourseRound,
    Nomination,
    NominationEvent,
    NominationEventKind,
    NominationStatus,
    RoundSession,
    RoundStatus,
)
from districts import access, clock
from districts.compiled import CompiledRead, field_names, instance
from districts.models import StaffMember

# The events that change whether a person holds a place on a round (and so what their calendar shows).
PLACE_EVENT_KINDS = (
    NominationEventKind.BOOKED,
    NominationEventKind.WAITLISTED,
    NominationEventKind.PROMOTED,
    NominationEventKind.CANCELLED,
    NominationEventKind.MOVED,
)


def _place_events(course_round_id: int) -> QuerySet[NominationEvent]:
    return NominationEvent.objects.filter(nomination__course_round_id=course_round_id, kind__in=PLACE_EVENT_KINDS)


def place_changes(*, staff_id: int, course_round_id: int, until_event_id: int | None = None) -> int:
    """Count the changes of a person's place on a round after the first: the feed adds them to SEQUENCE
    (`sessions_of_staff`, the same rule in SQL); up to an event when given, so each e-mail outranks the last."""
    events = _place_events(course_round_id).filter(nomination__staff_id=staff_id)
    if until_event_id is not None:
        events = events.filter(pk__lte=until_event_id)
    return max(events.count() - 1, 0)


def place_changes_on_round(*, course_round_id: int) -> dict[int, int]:
    """Return `place_changes` of everyone on a round, by staff id, in one grouped query."""
    counts = _place_events(course_round_id).values("nomination__staff_id").annotate(count=Count("pk")).order_by()
    return {row["nomination__staff_id"]: max(row["count"] - 1, 0) for row in counts}


def visible_courses(*, user) -> QuerySet[Course]:
    return access.restrict_by_organisation(user, Course.objects.all(), "organisation").prefetch_related("modules")


def visible_course_get(*, user, pk: int) -> Course:
    """Return one course the user may see, without its modules; 404 otherwise."""
    return get_object_or_404(access.restrict_by_organisation(user, Course.objects.all(), "organisation"), pk=pk)


def new_round_choices(*, user, course_id: str) -> tuple[QuerySet[Course], Course | None, QuerySet[CourseModule]]:
    """Return the active courses a new round may be of, the chosen one (None for an unknown or foreign id), and
    the modules its sessions may cover: the chosen course's, else every active course's."""
    courses = visible_courses(user=user).filter(active=True)
    course = courses.filter(pk=course_id).first() if course_id.isdigit() else None
    modules = CourseModule.objects.filter(course=course) if course else CourseModule.objects.filter(course__in=courses)
    return courses, course, modules.select_related("course")


def visible_modules(*, user) -> QuerySet[CourseModule]:
    """Return the modules of the courses of the user's organisation, with their course."""
    return access.restrict_by_organisation(user, CourseModule.objects.select_related("course"), "course__organisation")


# A round's fill: the nominations counted in each of these statuses.
FILL_STATUSES = {
    "booked_count": ENROLLED_STATUSES,
    "waitlist_count": [NominationStatus.WAITLISTED],
    "completed_count": [NominationStatus.COMPLETED],
}


def _fill(*, joined: bool) -> dict:
    """Return the fill's annotations: counted over a join of the nominations, or as a subquery each.

    Joined, a query may add its own aggregates over the nominations (the seat forecast does); as subqueries, a
    list of many rounds reads each round's index entries instead of sorting all their nominations to group them
    (the national calendar: 3,279 nominations for 97 rounds, 15 ms against 2 ms). The counts are the same."""
    if joined:
        return {
            name: Count("nominations", filter=Q(nominations__status__in=statuses), distinct=True)
            for name, statuses in FILL_STATUSES.items()
        }
    return {name: _nominations_counted(statuses) for name, statuses in FILL_STATUSES.items()}


def _nominations_counted(statuses) -> Coalesce:
    """Return the number of the round's nominations in `statuses`, counted on nomination_round_status_idx.

    COUNT(*), not COUNT(id): the index holds the round and the status but not the id, so counting ids read every
    nomination from the table (the national calendar's year: 1,221 buffers, 907 counted from the index alone)."""
    counted = (
        Nomination.objects.filter(course_round=OuterRef("pk"), status__in=statuses)
        .order_by()
        .values("course_round")
        .annotate(count=Count("*"))
        .values("count")
    )
    return Coalesce(Subquery(counted), 0)


def _rounds_of(user) -> QuerySet[CourseRound]:
    return access.restrict_by_organisation(user, CourseRound.objects.select_related("course"), "course__organisation")


def visible_rounds(*, user) -> QuerySet[CourseRound]:
    """Return the rounds of the user's organisation with their fill (booked, waitlisted, completed) annotated."""
    return _rounds_of(user).annotate(**_fill(joined=True))


def visible_sessions(*, user) -> QuerySet[RoundSession]:
    return access.restrict_by_organisation(
        user, RoundSession.objects.select_related("course_round__course"), "course_round__course__organisation"
    )


@dataclass(frozen=True)
class CalendarMonth:
    year: int
    month: int
    rounds: list

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)


@dataclass(frozen=True, slots=True)
class CalendarRound:
    """What a calendar card shows of a round (courses.templatetags.course_calendar): its title, status, days, the
    course's kind and the fill."""

    pk: int
    title: str
    status: str
    capacity: int
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    kind: str
    booked_count: int
    waitlist_count: int


# The values() names of a CalendarRound's fields, in their order.
CALENDAR_FIELDS = ("pk", "title", "status", "capacity", "starts_on", "ends_on", "course__kind")
CALENDAR_FILL = ("booked_count", "waitlist_count")


def _calendar_rounds_of(*, user, year: int) -> QuerySet:
    return (
        _rounds_of(user)
        .annotate(**{name: _nominations_counted(FILL_STATUSES[name]) for name in CALENDAR_FILL})
        .filter(Q(starts_on__year=year) | Q(starts_on__isnull=True, created_at__year=year))
        .order_by("starts_on", "course__kind", "pk")
        .values(*CALENDAR_FIELDS, *CALENDAR_FILL)
    )


# Its SQL built once per reader and year (districts.compiled).
_calendar_rounds = CompiledRead(_calendar_rounds_of)


def calendar_year(*, user, year: int) -> list[CalendarMonth]:
    """Return the twelve months of a year with the rounds starting in each: what their cards show, fill annotated."""
    # Rows, not instances: a round and its course made as model instances were 9 us a card, the national
    # calendar's 97 cards 0.9 ms of the 1.4 ms it took more than the city's 17 (1.31 x the city seed); building
    # and compiling the read was another 1.4 ms a request.
    names = (*CALENDAR_FIELDS, *CALENDAR_FILL)
    rounds = [CalendarRound(*(row[name] for name in names)) for row in _calendar_rounds.rows(user=user, year=year)]
    by_month: dict[int, list[CalendarRound]] = {month: [] for month in range(1, 13)}
    for course_round in rounds:
        if course_round.starts_on:
            by_month[course_round.starts_on.month].append(course_round)
    return [CalendarMonth(year, month, by_month[month]) for month in range(1, 13)]


def round_detail(*, user, pk: int) -> CourseRound:
    """Return one visible round with sessions (and their modules) loaded; raises DoesNotExist outside the scope."""
    return (
        visible_rounds(user=user)
        .prefetch_related(
            Prefetch("sessions", queryset=RoundSession.objects.prefetch_related("modules", "lecturer_staff"))
        )
        .get(pk=pk)
    )


def upcoming_rounds(*, user, today: datetime.date | None = None, limit: int = 8) -> QuerySet[CourseRound]:
    """Return the first `limit` rounds of the user's organisation that have not ended, with their fill, by start."""
    today = today or clock.today()
    # The fill counted for each round kept, not over a join: joined, the nominations of every coming round of the
    # national organisation (1,628 for 40 rounds) were sorted and grouped before eight rounds were kept.
    return (
        _rounds_of(user)
        .annotate(**_fill(joined=False))
        .filter(ends_on__gte=today)
        .exclude(status=RoundStatus.CANCELLED)
        .order_by("starts_on", "pk")[:limit]
    )


# The values() names of a round of `visible_rounds` with its course and its fill, for a compiled read of rounds.
ROUND_WITH_FILL = (*field_names(CourseRound), *field_names(Course, "course__"), *FILL_STATUSES)


def round_from_row(row: dict, *annotations: str) -> CourseRound:
    """Return the round of a row read with ROUND_WITH_FILL (and `annotations`), as `visible_rounds` gives it."""
    course_round = instance(CourseRound, row)
    course_round.course = instance(Course, row, "course__")
    for name in (*FILL_STATUSES, *annotations):
        setattr(course_round, name, row[name])
    return course_round


def _upcoming_rounds_of(*, user, today: datetime.date, limit: int) -> QuerySet[CourseRound]:
    return upcoming_rounds(user=user, today=today, limit=limit).values(*ROUND_WITH_FILL)


# Its SQL built once per reader and day (districts.compiled).
_upcoming_rounds = CompiledRead(_upcoming_rounds_of)


def upcoming_round_list(*, user, today: datetime.date | None = None, limit: int = 8) -> list[CourseRound]:
    """Return `upcoming_rounds` read: each round with its course and its fill, compiled once per reader and day."""
    today = today or clock.today()
    return [round_from_row(row) for row in _upcoming_rounds.rows(user=user, today=today, limit=limit)]


def feed_for_token(*, token: str) -> CalendarFeed | None:
    """Return the calendar feed the token opens, with its person, or None (the token is the only key)."""
    return CalendarFeed.objects.select_related("staff").filter(token=token).first()


def sessions_of_staff(*, staff: StaffMember) -> QuerySet[RoundSession]:
    """Return the sessions of every round the person was nominated to, and those they lecture at.

    `person_status` is the status of their latest nomination to the round, `person_changes` how many
    times that place changed (the feed adds it to SEQUENCE), `lecturing` whether they teach the session.
    """
    nominated = Nomination.objects.filter(course_round=OuterRef("course_round"), staff=staff)
    changes = (
        NominationEvent.objects.filter(
            nomination__course_round=OuterRef("course_round"), nomination__staff=staff, kind__in=PLACE_EVENT_KINDS
        )
        .order_by()
        .values("nomination__staff")
        .annotate(count=Count("pk"))
        .values("count")
    )
    lecturing = RoundSession.lecturer_staff.through.objects.filter(roundsession=OuterRef("pk"), staffmember=staff)
    return (
        RoundSession.objects.filter(Q(Exists(nominated)) | Q(Exists(lecturing)))
        .select_related("course_round__course")
        .annotate(
            person_status=Subquery(nominated.order_by("-created_at", "-pk").values("status")[:1]),
            # The first placement is the event itself; every later change raises SEQUENCE.
            person_changes=Greatest(Coalesce(Subquery(changes[:1]), 0) - 1, 0),
            lecturing=Exists(lecturing),
        )
        .order_by("date", "start_time")
    )
