"""Reads of the course programme, already joined and scoped through districts.access."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from courses.models import (
    ACTIVE_STATUSES,
    ENROLLED_STATUSES,
    Attendance,
    Course,
    CourseKind,
    CourseModule,
    CourseRound,
    Nomination,
    NominationStatus,
    RoundSession,
    RoundStatus,
)
from courses.planning import add_months_clamped
from districts import access, clock
from districts import selectors as district_selectors
from districts.models import Role, StaffMember

DEL1_MONTHS = 4
DEL2_MONTHS = 24


def del1_deadline(employment_start: datetime.date) -> datetime.date:
    """Return the day Del 1 must be done by: start + 4 months, clamped to the month's end (31 Oct -> 28/29 Feb)."""
    return add_months_clamped(employment_start, DEL1_MONTHS)


def del2_deadline(employment_start: datetime.date) -> datetime.date:
    """Return the end of the two-year window for Del 2."""
    return add_months_clamped(employment_start, DEL2_MONTHS)


@dataclass(frozen=True)
class Del1Status:
    """Where a person stands with Del 1: the booked round (if any), whether it is completed, and the deadline."""

    deadline: datetime.date | None
    round_id: int | None = None
    round_title: str = ""
    round_starts_on: datetime.date | None = None
    waitlisted: bool = False
    completed: bool = False

    @property
    def booked(self) -> bool:
        return self.round_id is not None and not self.waitlisted

    def days_left(self, today: datetime.date) -> int | None:
        return (self.deadline - today).days if self.deadline else None


def del1_status_for_staff(*, staff_ids) -> dict[int, Del1Status]:
    """Return each person's Del 1 status: a completed round wins over a booking, a booking over the waitlist."""
    staff_ids = list(staff_ids)
    starts = dict(StaffMember.objects.filter(pk__in=staff_ids).values_list("pk", "employment_start"))
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
            )
    return result


def del2_progress(*, staff_ids) -> dict[int, tuple[int, int]]:
    """Return (themes attended, themes in all) of Del 2 per person; a theme counts once a session on it was attended."""
    staff_ids = list(staff_ids)
    staff_orgs = dict(StaffMember.objects.filter(pk__in=staff_ids).values_list("pk", "organisation_id"))
    totals = dict(
        Course.objects.filter(organisation_id__in=set(staff_orgs.values()), kind=CourseKind.DEL2)
        .annotate(themes=Count("modules"))
        .values_list("organisation_id", "themes")
    )
    attended = dict(
        CourseModule.objects.filter(
            course__kind=CourseKind.DEL2,
            sessions__attendances__present=True,
            sessions__attendances__nomination__staff_id__in=staff_ids,
        )
        .values("sessions__attendances__nomination__staff_id")
        .annotate(themes=Count("pk", distinct=True))
        .values_list("sessions__attendances__nomination__staff_id", "themes")
    )
    return {
        staff_id: (attended.get(staff_id, 0), totals.get(staff_orgs.get(staff_id), 0))
        for staff_id in staff_ids
        if staff_id in staff_orgs
    }


def nominations_of_staff(*, user, staff) -> QuerySet[Nomination]:
    """Return a person's nominations the user may see, newest round first."""
    queryset = Nomination.objects.filter(staff=staff).select_related("course_round__course", "staff")
    return access.restrict_by_staff(user, queryset, "staff").order_by("-course_round__starts_on", "-pk")


def my_upcoming_nominations(user, *, today: datetime.date | None = None) -> list[Nomination]:
    """Return the user's own booked or waitlisted places on rounds that have not ended."""
    today = today or clock.today()
    staff_id = access.scope_for(user).staff_id
    if staff_id is None:
        return []
    return list(
        Nomination.objects.filter(staff_id=staff_id, status__in=ACTIVE_STATUSES, course_round__ends_on__gte=today)
        .select_related("course_round")
        .order_by("course_round__starts_on")
    )


def nomination_managed_staff(user) -> QuerySet[StaffMember]:
    """Return the people whose nominations the user may handle (e.g. cancel): visible staff, leavers included."""
    if not access.has_capability(user, access.Capability.NOMINATE):
        return StaffMember.objects.none()
    return access.visible_staff(user).select_related("unit__district")


def nominatable_staff(user, *, today: datetime.date | None = None) -> QuerySet[StaffMember]:
    """Return the people the user may nominate: their visible staff still employed, if they may nominate at all."""
    return district_selectors.currently_employed(nomination_managed_staff(user), today=today)


NOMINEE_SEARCH_LIMIT = 20


def nominee_search(user, *, course_round: CourseRound, query: str, limit: int = NOMINEE_SEARCH_LIMIT):
    """Return up to `limit` people the user may nominate to the round whose name or email match every word.

    Without a word nothing is returned: the organisation may have tens of thousands of staff.
    """
    terms = query.split()[:5]
    if not terms:
        return []
    queryset = nominatable_staff(user).exclude(
        pk__in=course_round.nominations.filter(status__in=ACTIVE_STATUSES).values("staff_id")
    )
    for term in terms:
        queryset = queryset.filter(
            Q(first_name__icontains=term) | Q(last_name__icontains=term) | Q(work_email__icontains=term)
        )
    return list(queryset.order_by("last_name", "first_name", "pk")[:limit])


def visible_courses(user) -> QuerySet[Course]:
    return access.restrict_by_organisation(user, Course.objects.all(), "organisation").prefetch_related("modules")


def visible_rounds(user) -> QuerySet[CourseRound]:
    """Return the rounds of the user's organisation with their fill (booked, waitlisted) annotated."""
    queryset = CourseRound.objects.select_related("course").annotate(
        booked_count=Count("nominations", filter=Q(nominations__status__in=ENROLLED_STATUSES), distinct=True),
        waitlist_count=Count("nominations", filter=Q(nominations__status=NominationStatus.WAITLISTED), distinct=True),
        completed_count=Count("nominations", filter=Q(nominations__status=NominationStatus.COMPLETED), distinct=True),
    )
    return access.restrict_by_organisation(user, queryset, "course__organisation")


def visible_sessions(user) -> QuerySet[RoundSession]:
    return access.restrict_by_organisation(
        user, RoundSession.objects.select_related("course_round__course"), "course_round__course__organisation"
    )


def visible_nominations(user) -> QuerySet[Nomination]:
    """Return nominations the user may see: coordinators all of the organisation's, others those of visible staff."""
    queryset = Nomination.objects.select_related("course_round__course", "staff__unit__district")
    queryset = access.restrict_by_organisation(user, queryset, "course_round__course__organisation")
    if access.has_capability(user, access.Capability.MANAGE_PROGRAMME):
        return queryset
    return access.restrict_by_staff(user, queryset, "staff")


@dataclass(frozen=True)
class CalendarMonth:
    year: int
    month: int
    rounds: list

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)


def calendar_year(user, *, year: int) -> list[CalendarMonth]:
    """Return the twelve months of a year with the rounds starting in each, fill annotated."""
    rounds = list(
        visible_rounds(user)
        .filter(Q(starts_on__year=year) | Q(starts_on__isnull=True, created_at__year=year))
        .order_by("starts_on", "course__kind", "pk")
    )
    months = []
    for month in range(1, 13):
        months.append(CalendarMonth(year, month, [r for r in rounds if r.starts_on and r.starts_on.month == month]))
    return months


def round_detail(user, *, pk: int) -> CourseRound:
    """Return one visible round with sessions (and their modules) loaded; raises DoesNotExist outside the scope."""
    return (
        visible_rounds(user)
        .prefetch_related(
            Prefetch("sessions", queryset=RoundSession.objects.prefetch_related("modules", "lecturer_staff"))
        )
        .get(pk=pk)
    )


SEATED_STATUSES = (NominationStatus.BOOKED, NominationStatus.COMPLETED)


def dialogue_groups_of(course_round: CourseRound):
    """Return a round's dialogue groups with members, and the seated participants not in any group yet."""
    groups = course_round.dialogue_groups.prefetch_related("members__nomination__staff__unit__district")
    ungrouped = course_round.nominations.filter(
        status__in=SEATED_STATUSES, dialogue_membership__isnull=True
    ).select_related("staff__unit__district")
    return groups, ungrouped


def participant_list(course_round: CourseRound) -> QuerySet[Nomination]:
    """Return everyone who held a seat on the round, by dialogue group and then name, for the printed list."""
    return (
        course_round.nominations.filter(status__in=ENROLLED_STATUSES)
        .select_related("staff__unit__district", "dialogue_membership__group")
        .order_by("dialogue_membership__group__number", "staff__last_name", "staff__first_name")
    )


@dataclass(frozen=True)
class AttendanceCell:
    session: RoundSession
    present: bool
    recordable: bool  # the session has taken place, so presence can be recorded


@dataclass(frozen=True)
class AttendanceRow:
    nomination: Nomination
    cells: list[AttendanceCell]


def attendance_rows(course_round: CourseRound, *, today: datetime.date | None = None):
    """Return the round's sessions and one row per participant with a cell per session (recordable once held)."""
    today = today or clock.today()
    sessions, participants, present = attendance_grid(course_round)
    rows = [
        AttendanceRow(
            nomination,
            [
                AttendanceCell(session, (session.pk, nomination.pk) in present, session.date <= today)
                for session in sessions
            ],
        )
        for nomination in participants
    ]
    return sessions, rows


def attendance_grid(course_round: CourseRound) -> tuple[list[RoundSession], list[Nomination], set[tuple[int, int]]]:
    """Return the sessions, the participants and the (session, nomination) pairs recorded present."""
    sessions = list(course_round.sessions.filter(cancelled=False))
    participants = list(
        course_round.nominations.filter(
            status__in=[NominationStatus.BOOKED, NominationStatus.COMPLETED, NominationStatus.DROPPED_OUT]
        )
        .select_related("staff__unit__district")
        .order_by("staff__last_name", "staff__first_name", "pk")
    )
    present = set(
        Attendance.objects.filter(session__in=sessions, present=True).values_list("session_id", "nomination_id")
    )
    return sessions, participants, present


def proposed_del1_round(*, staff: StaffMember, today: datetime.date | None = None) -> CourseRound | None:
    """Return the earliest open Del 1 round with a free seat that ends before the person's Del 1 deadline."""
    today = today or clock.today()
    queryset = (
        CourseRound.objects.filter(
            course__organisation_id=staff.organisation_id,
            course__kind=CourseKind.DEL1,
            status=RoundStatus.OPEN,
            starts_on__gte=today,
        )
        .annotate(booked=Count("nominations", filter=Q(nominations__status__in=ENROLLED_STATUSES)))
        .order_by("starts_on", "pk")
    )
    if staff.employment_start:
        queryset = queryset.filter(ends_on__lte=del1_deadline(staff.employment_start))
    if staff.employment_end:
        queryset = queryset.filter(starts_on__lte=staff.employment_end)
    for course_round in queryset[:24]:
        if course_round.booked < course_round.capacity:
            return course_round
    return None


def proposed_rounds_for(*, staff_list: list[StaffMember], today: datetime.date | None = None) -> dict[int, object]:
    """Return the proposed Del 1 round per person in one query for the whole list."""
    today = today or clock.today()
    org_ids = {staff.organisation_id for staff in staff_list}
    rounds = list(
        CourseRound.objects.filter(
            course__organisation_id__in=org_ids,
            course__kind=CourseKind.DEL1,
            status=RoundStatus.OPEN,
            starts_on__gte=today,
        )
        .select_related("course")
        .annotate(booked=Count("nominations", filter=Q(nominations__status__in=ENROLLED_STATUSES)))
        .order_by("starts_on", "pk")
    )
    proposals = {}
    for staff in staff_list:
        deadline = del1_deadline(staff.employment_start) if staff.employment_start else None
        proposals[staff.pk] = next(
            (
                r
                for r in rounds
                if r.course.organisation_id == staff.organisation_id
                and r.booked < r.capacity
                and (deadline is None or (r.ends_on and r.ends_on <= deadline))
                and (staff.employment_end is None or r.starts_on <= staff.employment_end)
            ),
            None,
        )
    return proposals


@dataclass(frozen=True)
class HireDeadline:
    staff: StaffMember
    status: Del1Status
    days_left: int
    overdue: bool
    proposal: CourseRound | None

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)


def hires_without_del1_booking(user, *, today: datetime.date | None = None, within_days: int | None = None):
    """Return the user's nominatable new hires with no Del 1 booking or completion, overdue first."""
    return hires_without_del1_booking_among(nominatable_staff(user), today=today, within_days=within_days)


def hires_without_del1_booking_among(staff_queryset, *, today: datetime.date | None = None, within_days=None):
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
        .filter(district_selectors.employed_on(today))
        .select_related("unit__district")
        .distinct()
    )
    statuses = del1_status_for_staff(staff_ids=[person.pk for person in staff])
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


def del1_waiting_queryset(user, *, today: datetime.date | None = None) -> QuerySet[StaffMember]:
    """Return the user's nominatable new hires with no Del 1 booking or completion, the nearest deadline first.

    The same people as `hires_without_del1_booking`, filtered and ordered in SQL so a panel or a page can count
    them and read a slice: the Del 1 deadline follows the employment start, so the earliest start is the most
    overdue. Waitlisted hires still wait.
    """
    today = today or clock.today()
    holding_a_seat = Nomination.objects.filter(
        staff=OuterRef("pk"),
        course_round__course__kind=CourseKind.DEL1,
        status__in=[NominationStatus.COMPLETED, NominationStatus.BOOKED],
    ).exclude(course_round__status=RoundStatus.CANCELLED)
    new_hires = (
        nominatable_staff(user, today=today)
        .filter(
            roles__role=Role.SOCIALSEKRETERARE,
            employment_start__isnull=False,
            employment_start__gte=today - datetime.timedelta(days=365 + 123),
        )
        .filter(district_selectors.employed_on(today))
        .values("pk")
    )
    return (
        StaffMember.objects.filter(pk__in=new_hires)
        .exclude(Exists(holding_a_seat))
        .select_related("unit__district")
        .order_by("employment_start", "last_name", "pk")
    )


def del1_deadline_rows(staff_list: list[StaffMember], *, today: datetime.date | None = None) -> list[HireDeadline]:
    """Return the deadline rows (status, days left, proposed round) of a slice of `del1_waiting_queryset`."""
    today = today or clock.today()
    staff_list = list(staff_list)
    statuses = del1_status_for_staff(staff_ids=[person.pk for person in staff_list])
    proposals = proposed_rounds_for(staff_list=staff_list, today=today)
    rows = []
    for person in staff_list:
        status = statuses[person.pk]
        days_left = status.days_left(today)
        rows.append(HireDeadline(person, status, days_left, days_left < 0, proposals.get(person.pk)))
    rows.sort(key=lambda row: (row.days_left, row.staff.last_name))
    return rows


def hires_booked_on_del1(user, *, today: datetime.date | None = None) -> list[tuple[StaffMember, Del1Status]]:
    """Return the user's nominatable hires booked on a Del 1 round that has not started yet, soonest first."""
    today = today or clock.today()
    staff = list(
        nominatable_staff(user)
        .filter(
            roles__role=Role.SOCIALSEKRETERARE,
            nominations__status=NominationStatus.BOOKED,
            nominations__course_round__course__kind=CourseKind.DEL1,
            nominations__course_round__starts_on__gte=today,
        )
        .distinct()
    )
    statuses = del1_status_for_staff(staff_ids=[person.pk for person in staff])
    rows = [(person, statuses[person.pk]) for person in staff if statuses[person.pk].booked]
    return sorted(rows, key=lambda row: (row[1].round_starts_on or today, row[0].last_name))


@dataclass(frozen=True)
class Del2Progress:
    staff: StaffMember
    attended: int
    total: int
    window_end: datetime.date
    at_risk: bool  # fewer than all themes with under three months of the two-year window left


def del2_window_queryset(user, *, today: datetime.date | None = None) -> QuerySet[StaffMember]:
    """Return the user's nominatable hires inside their two-year Del 2 window, the nearest window end first.

    Ordered and filtered in SQL so a panel or a page can count them and read a slice; `del2_progress_rows`
    computes the progress of that slice only.
    """
    today = today or clock.today()
    hires = (
        nominatable_staff(user, today=today)
        .filter(
            roles__role=Role.SOCIALSEKRETERARE,
            employment_start__isnull=False,
            employment_start__gte=today - datetime.timedelta(days=2 * 366),
        )
        .values("pk")
    )
    return StaffMember.objects.filter(pk__in=hires).order_by("employment_start", "last_name", "pk")


def del2_progress_rows(staff_list: list[StaffMember], *, today: datetime.date | None = None) -> list[Del2Progress]:
    """Return Del 2 progress of a slice of `del2_window_queryset`: the nearest window end, then least progress."""
    today = today or clock.today()
    staff_list = list(staff_list)
    progress = del2_progress(staff_ids=[person.pk for person in staff_list])
    rows = []
    for person in staff_list:
        attended, total = progress.get(person.pk, (0, 0))
        window_end = del2_deadline(person.employment_start)
        at_risk = attended < total and (window_end - today).days < 92
        rows.append(Del2Progress(person, attended, total, window_end, at_risk))
    rows.sort(key=lambda row: (row.window_end, row.attended - row.total, row.staff.last_name))
    return rows


def upcoming_rounds(user, *, today: datetime.date | None = None, limit: int = 8) -> QuerySet[CourseRound]:
    today = today or clock.today()
    return (
        visible_rounds(user)
        .filter(ends_on__gte=today)
        .exclude(status=RoundStatus.CANCELLED)
        .order_by("starts_on", "pk")[:limit]
    )


def sessions_of_staff(staff: StaffMember) -> QuerySet[RoundSession]:
    """Return the sessions of every round the person was nominated to, and those they lecture at.

    `for_person_active` says whether they still hold a seat; `lecturing` whether they teach the session.
    """
    held_seat = [*ACTIVE_STATUSES, NominationStatus.COMPLETED, NominationStatus.DROPPED_OUT]
    nominated = Nomination.objects.filter(course_round=OuterRef("course_round"), staff=staff)
    lecturing = RoundSession.lecturer_staff.through.objects.filter(roundsession=OuterRef("pk"), staffmember=staff)
    return (
        RoundSession.objects.filter(Q(Exists(nominated)) | Q(Exists(lecturing)))
        .select_related("course_round__course")
        .annotate(for_person_active=Exists(nominated.filter(status__in=held_seat)), lecturing=Exists(lecturing))
        .order_by("date", "start_time")
    )
