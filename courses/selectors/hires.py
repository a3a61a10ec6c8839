"""The hire lists: each new hire's Del 1 status and Del 2 progress, who waits for Del 1, how far each is with Del 2."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, JSONField, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce, JSONObject

from courses.deadlines import Del1Proposal, Del1Status, del1_deadline, del2_deadline
from courses.models import Course, CourseKind, CourseModule, CourseRound, Nomination, NominationStatus, RoundStatus
from courses.selectors.nominations import nominatable_staff, proposed_rounds_for
from districts import access, arrays, clock
from districts import selectors as district_selectors
from districts.compiled import CompiledRead
from districts.models import Role, StaffMember, Unit


def del1_status_for_staff(*, staff_ids) -> dict[int, Del1Status]:
    """Return each person's Del 1 status: a completed round wins over a booking, a booking over the waitlist."""
    staff_ids = list(staff_ids)
    starts = dict(StaffMember.objects.filter(pk__in=staff_ids).values_list("pk", "employment_start"))
    return _del1_statuses(starts={staff_id: starts.get(staff_id) for staff_id in staff_ids})


def del1_status_of(*, staff_list) -> dict[int, Del1Status]:
    """Return the Del 1 status of people already read (as del1_status_for_staff, without reading them again)."""
    return _del1_statuses(starts={person.pk: person.employment_start for person in staff_list})


def _del1_statuses(*, starts: dict[int, datetime.date | None]) -> dict[int, Del1Status]:
    staff_ids = list(starts)
    rank = {NominationStatus.COMPLETED: 0, NominationStatus.BOOKED: 1, NominationStatus.WAITLISTED: 2}
    best: dict[int, Nomination] = {}
    nominations = (
        Nomination.objects.filter(
            staff_id__in=staff_ids,
            course_round__course__kind=CourseKind.DEL1,
            status__in=list(rank),
        )
        .exclude(course_round__status=RoundStatus.CANCELLED)
        .select_related("course_round")
    )
    for nomination in nominations:
        current = best.get(nomination.staff_id)
        if current is None or rank[nomination.status] < rank[current.status]:
            best[nomination.staff_id] = nomination
    result = {}
    for staff_id in staff_ids:
        start = starts.get(staff_id)
        deadline = del1_deadline(start) if start else None
        nomination = best.get(staff_id)
        if nomination is None:
            result[staff_id] = Del1Status(deadline=deadline)
        else:
            result[staff_id] = Del1Status(
                deadline=deadline,
                round_id=nomination.course_round_id,
                round_title=nomination.course_round.title,
                round_starts_on=nomination.course_round.starts_on,
                waitlisted=nomination.status == NominationStatus.WAITLISTED,
                completed=nomination.status == NominationStatus.COMPLETED,
                nomination_id=nomination.pk,
            )
    return result


def del2_progress(*, staff_ids) -> dict[int, tuple[int, int]]:
    """Return (themes attended, themes in all) of Del 2 per person; a theme counts once a session on it was attended."""
    staff_ids = list(staff_ids)
    staff_orgs = dict(StaffMember.objects.filter(pk__in=staff_ids).values_list("pk", "organisation_id"))
    return _del2_progress(staff_orgs=staff_orgs)


def _del2_progress(*, staff_orgs: dict[int, int]) -> dict[int, tuple[int, int]]:
    staff_ids = list(staff_orgs)
    totals = dict(
        Course.objects.filter(organisation_id__in=set(staff_orgs.values()), kind=CourseKind.DEL2)
        .annotate(themes=Count("modules"))
        .values_list("organisation_id", "themes")
    )
    attended = _del2_attended(staff_ids=staff_ids)
    return {staff_id: (attended.get(staff_id, 0), totals.get(staff_orgs[staff_id], 0)) for staff_id in staff_ids}


def _del2_attended(*, staff_ids) -> dict[int, int]:
    """Return the Del 2 themes each person attended a session on (those with none are left out)."""
    return dict(
        CourseModule.objects.filter(
            course__kind=CourseKind.DEL2,
            sessions__attendances__present=True,
            sessions__attendances__nomination__staff_id__in=staff_ids,
        )
        .values("sessions__attendances__nomination__staff_id")
        .annotate(themes=Count("pk", distinct=True))
        .values_list("sessions__attendances__nomination__staff_id", "themes")
    )


@dataclass(frozen=True)
class HireDeadline:
    staff: StaffMember
    status: Del1Status
    days_left: int
    overdue: bool
    proposal: Del1Proposal | None  # the round to nominate to; `after_deadline` when it ends after the deadline

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)


def hires_without_del1_booking(*, user, today: datetime.date | None = None, within_days: int | None = None):
    """Return the user's nominatable new hires with no Del 1 booking or completion, overdue first."""
    return hires_without_del1_booking_among(
        staff_queryset=nominatable_staff(user=user), today=today, within_days=within_days
    )


def hires_without_del1_booking_among(*, staff_queryset, today: datetime.date | None = None, within_days=None):
    """Return the hires in `staff_queryset` with no Del 1 booking or completion, overdue first.

    New hires are socialsekreterare still employed whose Del 1 deadline passed less than a year ago;
    `within_days` keeps only those whose deadline is at most that many days away (overdue included).
    """
    today = today or clock.today()
    staff = list(
        staff_queryset.filter(
            roles__role=Role.SOCIALSEKRETERARE,
            employment_start__isnull=False,
            employment_start__gte=today - datetime.timedelta(days=365 + 123),
        )
        .filter(district_selectors.employed_on(day=today))
        .select_related("unit__district")
        .distinct()
    )
    statuses = del1_status_of(staff_list=staff)
    waiting = [person for person in staff if not statuses[person.pk].booked and not statuses[person.pk].completed]
    proposals = proposed_rounds_for(staff_list=waiting, today=today)
    rows = []
    for person in waiting:
        status = statuses[person.pk]
        days_left = status.days_left(today)
        if within_days is not None and days_left > within_days:
            continue
        rows.append(HireDeadline(person, status, days_left, days_left < 0, proposals.get(person.pk)))
    rows.sort(key=lambda row: (row.days_left, row.staff.last_name))
    return rows


def _holding_a_del1_seat() -> QuerySet[Nomination]:
    """A Del 1 seat booked or completed by the staff member of the outer query (OuterRef "pk")."""
    # The nomination's own copy of the course kind: the one-Del-1 partial index answers it for each hire.
    # The round's status as NOT IN the cancelled rounds, read once into a hashed subplan: through the join,
    # each of the 2,150 seats of the national organisation's recent hires had its round read (6,450 buffers).
    cancelled = CourseRound.objects.filter(status=RoundStatus.CANCELLED).values("pk")
    return Nomination.objects.filter(
        staff=OuterRef("pk"),
        course_kind=CourseKind.DEL1,
        status__in=[NominationStatus.COMPLETED, NominationStatus.BOOKED],
    ).exclude(course_round__in=cancelled)


def _del1_candidates(*, user, today: datetime.date) -> QuerySet[StaffMember]:
    """The user's nominatable new hires who may still wait for Del 1, seat or none."""
    # Filtered in place, not through `pk__in`: one role per person is unique (staff_role_unique), so the join keeps
    # one row a person, and PostgreSQL walks the organisation's starts in order and stops at the slice.
    return (
        nominatable_staff(user=user, today=today)
        .filter(
            roles__role=Role.SOCIALSEKRETERARE,
            employment_start__isnull=False,
            employment_start__gte=today - datetime.timedelta(days=365 + 123),
        )
        .filter(district_selectors.employed_on(day=today))
    )


def del1_waiting_queryset(*, user, today: datetime.date | None = None) -> QuerySet[StaffMember]:
    """Return the user's nominatable new hires with no Del 1 booking or completion, the nearest deadline first.

    The same people as `hires_without_del1_booking`, filtered and ordered in SQL so a panel or a page can count
    them and read a slice: the Del 1 deadline follows the employment start, so the earliest start is the most
    overdue. Waitlisted hires still wait.
    """
    today = today or clock.today()
    return (
        _del1_candidates(user=user, today=today)
        .exclude(Exists(_holding_a_del1_seat()))
        .select_related("unit__district")
        .order_by("employment_start", "last_name", "pk")
    )


def del1_waiting_to_count(*, user, today: datetime.date | None = None) -> QuerySet[StaffMember]:
    """Return the same hires as `del1_waiting_queryset`, unordered, to count or group them all.

    The seat is looked up hire by hire (a subquery with a LIMIT stays a subquery): over the whole set, NOT EXISTS
    became an anti-join that hashed every Del 1 seat of the database (42,128 on the national seed). For a slice
    in order NOT EXISTS is the faster, as PostgreSQL stops at the slice.
    """
    today = today or clock.today()
    # The seat's staff id, not its id: nomination_del1_seat_idx answers it without reading the nomination.
    seat = Subquery(_holding_a_del1_seat().order_by().values("staff_id")[:1])
    return _del1_candidates(user=user, today=today).alias(del1_seat=seat).filter(del1_seat__isnull=True).order_by()


def with_del1_waitlist_place(queryset: QuerySet[StaffMember]) -> QuerySet[StaffMember]:
    """Annotate rows of `del1_waiting_queryset` with their place on a Del 1 waitlist, if any (`del1_waitlist_place`).

    A waiting hire holds no seat, so their Del 1 status is that place or nothing (one Del 1 place a person:
    nomination_one_del1_per_staff); `del1_deadline_rows` then needs no query for the statuses.
    """
    place = Nomination.objects.filter(
        staff=OuterRef("pk"), course_round__course__kind=CourseKind.DEL1, status=NominationStatus.WAITLISTED
    ).exclude(course_round__status=RoundStatus.CANCELLED)
    # One subquery giving the place's four columns: one a column, Django built and compiled the same subquery
    # four times (~5 ms of each dashboard showing the Del 1 panel, for 20 rows).
    columns = JSONObject(
        id="pk", round_id="course_round_id", title="course_round__title", starts_on="course_round__starts_on"
    )
    return queryset.annotate(
        del1_waitlist_place=Subquery(place.values(place=columns)[:1], output_field=JSONField()),
    )


# The columns of a hire that the Del 1 and Del 2 panels show or compute with (the others deferred).
_PANEL_STAFF_FIELDS = (
    "id",
    "organisation_id",
    "unit_id",
    "first_name",
    "last_name",
    "employment_start",
    "employment_end",
)


def _panel_staff(row: dict, *, annotations: tuple[str, ...]) -> StaffMember:
    using = StaffMember.objects.db
    person = StaffMember.from_db(using, list(_PANEL_STAFF_FIELDS), [row[name] for name in _PANEL_STAFF_FIELDS])
    if person.unit_id is not None:
        person.unit = Unit.from_db(using, ["id", "name"], [person.unit_id, row["unit__name"]])
    for name in annotations:
        setattr(person, name, row[name])
    return person


def _del1_waiting_first_of(*, user, today: datetime.date, rows: int) -> QuerySet[StaffMember]:
    waiting = with_del1_waitlist_place(del1_waiting_queryset(user=user, today=today))
    return waiting.values(*_PANEL_STAFF_FIELDS, "unit__name", "del1_waitlist_place")[:rows]


# Its SQL built once per reader and day (districts.compiled): building and compiling the waiting hires with their
# waitlist place was ~4 ms of each dashboard with the Del 1 panel.
_del1_waiting_first = CompiledRead(_del1_waiting_first_of)


def del1_waiting_first(*, user, today: datetime.date | None = None, rows: int) -> list[StaffMember]:
    """Return the first `rows` of `with_del1_waitlist_place(del1_waiting_queryset(...))`, for a panel.

    Each hire is read with the columns the Del 1 table shows and computes with, and their unit's name.
    """
    today = today or clock.today()
    found = _del1_waiting_first.rows(user=user, today=today, rows=rows)
    return [_panel_staff(row, annotations=("del1_waitlist_place",)) for row in found]


def _del1_waiting_counted_of(*, user, today: datetime.date, rows: int) -> QuerySet[StaffMember]:
    waiting = with_del1_waitlist_place(del1_waiting_queryset(user=user, today=today))
    counted = waiting.annotate(waiting_in_all=Window(Count("pk")))
    return counted.values(*_PANEL_STAFF_FIELDS, "unit__name", "del1_waitlist_place", "waiting_in_all")[:rows]


# Its SQL built once per reader and day (districts.compiled), as `_del1_waiting_first`'s, with a window count of
# all the waiting hires: for a reader without the seat forecast (an enhetschef), whose few hires it counts.
_del1_waiting_counted = CompiledRead(_del1_waiting_counted_of)


def del1_waiting_first_and_total(
    *, user, today: datetime.date | None = None, rows: int
) -> tuple[list[StaffMember], int]:
    """Return `del1_waiting_first`'s rows and how many hires wait in all, in one query (a window count).

    As `districts.panels.first_rows_and_total`: for the small set of a unit's hires, not an organisation's.
    """
    today = today or clock.today()
    found = _del1_waiting_counted.rows(user=user, today=today, rows=rows)
    staff = [_panel_staff(row, annotations=("del1_waitlist_place",)) for row in found]
    return staff, (found[0]["waiting_in_all"] if found else 0)


def _waiting_statuses(staff_list: list[StaffMember]) -> dict[int, Del1Status]:
    statuses = {}
    for person in staff_list:
        deadline = del1_deadline(person.employment_start) if person.employment_start else None
        place = person.del1_waitlist_place
        if place is None:
            statuses[person.pk] = Del1Status(deadline=deadline)
        else:
            statuses[person.pk] = Del1Status(
                deadline=deadline,
                round_id=place["round_id"],
                round_title=place["title"],
                round_starts_on=datetime.date.fromisoformat(place["starts_on"]),
                waitlisted=True,
                nomination_id=place["id"],
            )
    return statuses


def del1_deadline_rows(
    *, staff_list: list[StaffMember], today: datetime.date | None = None, rounds=None
) -> list[HireDeadline]:
    """Return the deadline rows (status, days left, proposed round) of a slice of `del1_waiting_queryset`.

    `rounds`: the coming Del 1 rounds when read already (see `proposed_rounds_for`). Rows read through
    `with_del1_waitlist_place` carry their status already.
    """
    today = today or clock.today()
    staff_list = list(staff_list)
    if not staff_list:  # no rounds to propose: building their query was ~1 ms of a dashboard with no one waiting
        return []
    if all(hasattr(person, "del1_waitlist_place") for person in staff_list):  # read through with_del1_waitlist_place
        statuses = _waiting_statuses(staff_list)
    else:
        statuses = del1_status_of(staff_list=staff_list)
    proposals = proposed_rounds_for(staff_list=staff_list, today=today, rounds=rounds)
    rows = []
    for person in staff_list:
        status = statuses[person.pk]
        days_left = status.days_left(today)
        rows.append(HireDeadline(person, status, days_left, days_left < 0, proposals.get(person.pk)))
    rows.sort(key=lambda row: (row.days_left, row.staff.last_name))
    return rows


@dataclass(frozen=True)
class BookedHire:
    """A hire booked on a coming Del 1 round: their name and the booking as their Del 1 status."""

    staff_id: int
    first_name: str
    last_name: str
    status: Del1Status

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def _del1_bookings(*, user, today: datetime.date) -> QuerySet[Nomination]:
    hires = nominatable_staff(user=user, today=today).filter(roles__role=Role.SOCIALSEKRETERARE)
    if access.whole_organisations_condition(user) is None:
        # A unit's few dozen hires (an enhetschef's) read first into an array, then their bookings by staff: from the
        # rounds' side PostgreSQL tested each of the national seed's 338 coming Del 1 seats for being one of them
        # (1,775 buffers, ~2.5 ms; 298 and 0.35 ms this way). An organisation's hires stay a subquery.
        among_hires = arrays.among("staff_id", hires.order_by().values("pk"), using=hires.db)
    else:
        among_hires = Q(staff__in=hires.values("pk"))
    return (
        Nomination.objects.filter(
            among_hires,
            status=NominationStatus.BOOKED,
            course_kind=CourseKind.DEL1,  # the nomination's own copy of its course's kind (kept by course_save)
            course_round__starts_on__gte=today,
        )
        .exclude(course_round__status=RoundStatus.CANCELLED)
        # The columns the rows show, as values: ~120 hires with their rounds are read for the coordinator's
        # dashboard, and three model instances a booking (deferred fields) were half of this read's ~5 ms.
        .values(
            "pk",
            "staff_id",
            "staff__first_name",
            "staff__last_name",
            "staff__employment_start",
            "course_round_id",
            "course_round__title",
            "course_round__starts_on",
        )
    )


# Its SQL built once per reader and day (districts.compiled).
_del1_bookings_read = CompiledRead(_del1_bookings)


def hires_booked_on_del1(*, user, today: datetime.date | None = None) -> list[BookedHire]:
    """Return the user's nominatable hires booked on a Del 1 round that has not started yet, soonest first.

    One read of the bookings: a person holds one Del 1 place at most (nomination_one_del1_per_staff), so a
    booking is their Del 1 status.
    """
    today = today or clock.today()
    rows = [_booked_hire(booking) for booking in _del1_bookings_read.rows(user=user, today=today)]
    return sorted(rows, key=lambda row: (row.status.round_starts_on or today, row.last_name, row.first_name))


def _booked_hire(booking: dict) -> BookedHire:
    start = booking["staff__employment_start"]
    return BookedHire(
        staff_id=booking["staff_id"],
        first_name=booking["staff__first_name"],
        last_name=booking["staff__last_name"],
        status=Del1Status(
            deadline=del1_deadline(start) if start else None,
            round_id=booking["course_round_id"],
            round_title=booking["course_round__title"],
            round_starts_on=booking["course_round__starts_on"],
            nomination_id=booking["pk"],
        ),
    )


@dataclass(frozen=True)
class Del2Progress:
    staff: StaffMember
    attended: int
    total: int
    window_end: datetime.date
    at_risk: bool  # fewer than all themes with under three months of the two-year window left


def del2_window_queryset(*, user, today: datetime.date | None = None) -> QuerySet[StaffMember]:
    """Return the user's nominatable hires inside their two-year Del 2 window, the nearest window end first.

    Ordered and filtered in SQL so a panel or a page can count them and read a slice; `del2_progress_rows`
    computes the progress of that slice only.
    """
    today = today or clock.today()
    # In place, not through `pk__in` (see del1_waiting_queryset): the slice reads its rows off the index of starts.
    return (
        in_del2_window(queryset=nominatable_staff(user=user, today=today), today=today)
        .annotate(del2_themes=_del2_themes_of_organisation())
        .order_by("employment_start", "last_name", "pk")
    )


def _del2_themes_attended() -> Coalesce:
    """The number of Del 2 themes the person of the row attended a session on (as `_del2_attended` counts them)."""
    attended = (
        CourseModule.objects.filter(
            course__kind=CourseKind.DEL2,
            sessions__attendances__present=True,
            sessions__attendances__nomination__staff_id=OuterRef("pk"),
        )
        .order_by()
        .values("sessions__attendances__nomination__staff_id")
        .annotate(themes=Count("pk", distinct=True))
        .values("themes")
    )
    return Coalesce(Subquery(attended, output_field=IntegerField()), 0)


def _del2_window_first_of(*, user, today: datetime.date, rows: int) -> QuerySet[StaffMember]:
    # The themes attended with the rows, not in a query of their own: PostgreSQL counts them for the rows shown.
    in_window = del2_window_queryset(user=user, today=today).annotate(del2_attended=_del2_themes_attended())
    return in_window.values(*_PANEL_STAFF_FIELDS, "unit__name", "del2_themes", "del2_attended")[:rows]


# Its SQL built once per reader and day (districts.compiled).
_del2_window_first = CompiledRead(_del2_window_first_of)


def del2_window_first(*, user, today: datetime.date | None = None, rows: int) -> list[StaffMember]:
    """Return the first `rows` of `del2_window_queryset`, each hire with the columns the Del 2 table computes with.

    Each hire also carries the Del 2 themes they attended (`del2_attended`), so `del2_progress_rows` reads nothing.
    """
    today = today or clock.today()
    found = _del2_window_first.rows(user=user, today=today, rows=rows)
    return [_panel_staff(row, annotations=("del2_themes", "del2_attended")) for row in found]


def in_del2_window(*, queryset: QuerySet[StaffMember], today: datetime.date) -> QuerySet[StaffMember]:
    """Keep the socialsekreterare of `queryset` hired within the two-year Del 2 window (the one definition)."""
    # The role is probed row by row (holds_role): the dashboard counts the whole window, and joined PostgreSQL
    # hashed every role of the database for that count.
    return queryset.filter(
        district_selectors.holds_role(Role.SOCIALSEKRETERARE),
        employment_start__isnull=False,
        employment_start__gte=today - datetime.timedelta(days=2 * 366),
    )


def _del2_themes_of_organisation() -> Coalesce:
    """The number of themes of the person's organisation's Del 2 (read with each row: `del2_themes`)."""
    themes = (
        CourseModule.objects.filter(course__organisation_id=OuterRef("organisation_id"), course__kind=CourseKind.DEL2)
        .order_by()
        .values("course__organisation_id")
        .annotate(themes=Count("pk"))
        .values("themes")[:1]
    )
    return Coalesce(Subquery(themes, output_field=IntegerField()), 0)


def del2_progress_rows(*, staff_list: list[StaffMember], today: datetime.date | None = None) -> list[Del2Progress]:
    """Return Del 2 progress of a slice of `del2_window_queryset`: the nearest window end, then least progress."""
    today = today or clock.today()
    staff_list = list(staff_list)
    if all(hasattr(person, "del2_attended") for person in staff_list):  # read through del2_window_first
        progress = {person.pk: (person.del2_attended, person.del2_themes) for person in staff_list}
    elif all(hasattr(person, "del2_themes") for person in staff_list):  # read through del2_window_queryset
        attended_by = _del2_attended(staff_ids=[person.pk for person in staff_list])
        progress = {person.pk: (attended_by.get(person.pk, 0), person.del2_themes) for person in staff_list}
    else:
        progress = _del2_progress(staff_orgs={person.pk: person.organisation_id for person in staff_list})
    rows = []
    for person in staff_list:
        attended, total = progress.get(person.pk, (0, 0))
        window_end = del2_deadline(person.employment_start)
        at_risk = attended < total and (window_end - today).days < 92
        rows.append(Del2Progress(person, attended, total, window_end, at_risk))
    rows.sort(key=lambda row: (row.window_end, row.attended - row.total, row.staff.last_name))
    return rows
