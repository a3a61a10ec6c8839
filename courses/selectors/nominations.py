"""Reads for nominating: whose nominations a user sees, whom they may nominate, and the Del 1 round to propose."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from courses.deadlines import Del1Proposal, choose_del1_round, del1_deadline
from courses.models import (
    ACTIVE_STATUSES,
    ENROLLED_STATUSES,
    CourseKind,
    CourseRound,
    Nomination,
    NominationEvent,
    NominationStatus,
    RoundStatus,
)
from districts import access, clock
from districts import selectors as district_selectors
from districts.compiled import CompiledRead
from districts.models import StaffMember, choice_label
from districts.search import matching_staff


def nominations_of_staff(*, user, staff) -> QuerySet[Nomination]:
    """Return a person's nominations the user may see, newest round first."""
    queryset = Nomination.objects.filter(staff=staff).select_related("course_round__course", "staff")
    return access.restrict_by_staff(user, queryset, "staff").order_by("-course_round__starts_on", "-pk")


@dataclass(frozen=True, slots=True)
class NominationRow:
    """What a plan page shows of one of the hire's nominations: the course's name, the round's title, the status."""

    course: str
    course_round: str
    status: str

    @property
    def status_label(self) -> str:
        return choice_label(NominationStatus, self.status)


def nomination_rows_of_visible_staff(*, staff_id: int) -> list[NominationRow]:
    """Return a person's nominations, newest round first, as rows, for a person the caller has just read through the
    user's scope (the plan page reads its plan through the hire's visibility).

    The same rows as `nominations_of_staff` (whose condition is on the person alone), without asking the user's
    scope again: on the plan page that scope's subquery and the instances of the round, course and person were
    ~1.5 ms of the ORM's for the hire's few bookings."""
    return [
        NominationRow(row["course_round__course__name"], row["course_round__title"], row["status"])
        for row in _nominations_of_staff_read.rows(staff_id=staff_id)
    ]


def _nomination_rows_of(*, staff_id: int) -> QuerySet:
    return (
        Nomination.objects.filter(staff_id=staff_id)
        .order_by("-course_round__starts_on", "-pk")
        .values("course_round__course__name", "course_round__title", "status")
    )


# The person is the read's one parameter, so it is compiled once a process (districts.compiled).
_nominations_of_staff_read = CompiledRead(_nomination_rows_of, varying=("staff_id",))


def my_upcoming_nominations(*, user, today: datetime.date | None = None) -> list[Nomination]:
    """Return the user's own booked or waitlisted places on rounds that have not ended."""
    return list(my_upcoming_nominations_queryset(user=user, today=today))


def my_upcoming_nominations_queryset(*, user, today: datetime.date | None = None) -> QuerySet[Nomination]:
    """Return the user's own booked or waitlisted places on rounds that have not ended, as a queryset."""
    today = today or clock.today()
    staff_id = access.scope_for(user).staff_id
    if staff_id is None:
        return Nomination.objects.none()
    return (
        Nomination.objects.filter(staff_id=staff_id, status__in=ACTIVE_STATUSES, course_round__ends_on__gte=today)
        .select_related("course_round")
        .order_by("course_round__starts_on")
    )


def nomination_managed_staff(*, user) -> QuerySet[StaffMember]:
    """Return the people whose nominations the user may handle (e.g. cancel): visible staff, leavers included."""
    if not access.has_capability(user, access.Capability.NOMINATE):
        return StaffMember.objects.none()
    return access.visible_staff(user).select_related("unit__district")


def nominatable_staff(*, user, today: datetime.date | None = None) -> QuerySet[StaffMember]:
    """Return the people the user may nominate: their visible staff who have not left, if they may nominate at all.

    Someone on their last day has left already here (districts.selectors.left_by): their places are being given
    up and their plan closed, so no panel lists them as a hire waiting for a course.
    """
    today = today or clock.today()
    return nomination_managed_staff(user=user).exclude(district_selectors.left_by(day=today))


NOMINEE_SEARCH_LIMIT = 20


def nominee_search(*, user, course_round: CourseRound, query: str, limit: int = NOMINEE_SEARCH_LIMIT):
    """Return up to `limit` people the user may nominate to the round whose name or email match every word.

    Without a word nothing is returned: the organisation may have tens of thousands of staff.
    """
    if not query.split():
        return []
    queryset = nominatable_staff(user=user).exclude(
        pk__in=course_round.nominations.filter(status__in=ACTIVE_STATUSES).values("staff_id")
    )
    queryset = matching_staff(queryset=queryset, search=query, max_words=5)
    return list(queryset.order_by("last_name", "first_name", "pk")[:limit])


def nominations_on_round(*, user, course_round: CourseRound) -> QuerySet[Nomination]:
    """Return the visible nominations to the round: by status, then as they queued."""
    return visible_nominations(user=user).filter(course_round=course_round).order_by("status", "queued_at", "pk")


def rounds_to_nominate_to(
    *, user, kind: str | None = None, today: datetime.date | None = None
) -> QuerySet[CourseRound]:
    """Return the open or full rounds not yet over a person may be nominated to, of one kind of course when given."""
    from courses.selectors.rounds import visible_rounds

    rounds = (
        visible_rounds(user=user)
        .filter(status__in=[RoundStatus.OPEN, RoundStatus.FULL], ends_on__gte=today or clock.today())
        .order_by("course__kind", "starts_on")
    )
    return rounds.filter(course__kind=kind) if kind in CourseKind.values else rounds


def visible_nominations(*, user) -> QuerySet[Nomination]:
    """Return nominations the user may see: coordinators all of the organisation's, others those of visible staff."""
    queryset = Nomination.objects.select_related("course_round__course", "staff__unit__district")
    queryset = access.restrict_by_organisation(user, queryset, "course_round__course__organisation")
    if access.has_capability(user, access.Capability.MANAGE_PROGRAMME):
        return queryset
    return access.restrict_by_staff(user, queryset, "staff")


def _open_del1_rounds(org_ids, today: datetime.date) -> QuerySet[CourseRound]:
    return (
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


def proposed_del1_round(*, staff: StaffMember, today: datetime.date | None = None) -> Del1Proposal | None:
    """Return the Del 1 round to propose: the earliest with a free seat that ends by the deadline, else the earliest.

    A proposal after the deadline says so (`after_deadline`); see `courses.deadlines.choose_del1_round`.
    """
    today = today or clock.today()
    rounds = _open_del1_rounds([staff.organisation_id], today)
    if staff.employment_end:
        rounds = rounds.filter(starts_on__lte=staff.employment_end)
    deadline = del1_deadline(staff.employment_start) if staff.employment_start else None
    return choose_del1_round(
        list(rounds[:36]),
        deadline=deadline,
        employment_start=staff.employment_start,
        employment_end=staff.employment_end,
    )


def proposed_rounds_for(
    *, staff_list: list[StaffMember], today: datetime.date | None = None, rounds: list[CourseRound] | None = None
) -> dict[int, Del1Proposal | None]:
    """Return the proposed Del 1 round per person in one query for the whole list.

    `rounds`, when given, are the coming Del 1 rounds of the people's organisations already read with their
    bookings (`courses.selectors.planning.coming_del1_rounds`): then no query; only the open ones are proposed.
    """
    today = today or clock.today()
    if rounds is None:
        rounds = _open_del1_rounds({staff.organisation_id for staff in staff_list}, today)
    else:
        rounds = [r for r in rounds if r.status == RoundStatus.OPEN and r.starts_on >= today]
    by_org: dict[int, list[CourseRound]] = {}
    for course_round in rounds:
        by_org.setdefault(course_round.course.organisation_id, []).append(course_round)
    return {
        staff.pk: choose_del1_round(
            by_org.get(staff.organisation_id, []),
            deadline=del1_deadline(staff.employment_start) if staff.employment_start else None,
            employment_start=staff.employment_start,
            employment_end=staff.employment_end,
        )
        for staff in staff_list
    }


def move_targets(*, user, nomination: Nomination, today: datetime.date | None = None) -> QuerySet[CourseRound]:
    """Return the rounds of the same course a booking could move to: open or full, not started, visible."""
    from courses.selectors.rounds import visible_rounds

    today = today or clock.today()
    return (
        visible_rounds(user=user)
        .filter(
            course_id=nomination.course_round.course_id,
            status__in=[RoundStatus.OPEN, RoundStatus.FULL],
            starts_on__gt=today,
        )
        .exclude(pk=nomination.course_round_id)
        .order_by("starts_on", "pk")
    )


def nomination_history(*, nomination: Nomination) -> tuple[QuerySet[NominationEvent], Nomination | None]:
    """Return the events of the nomination and of those it was moved from (one history), and where it moved to."""
    chain, current = [nomination.pk], nomination.moved_from_id
    while current is not None and len(chain) < MOVE_CHAIN_LIMIT:
        chain.append(current)
        current = Nomination.objects.filter(pk=current).values_list("moved_from_id", flat=True).first()
    events = (
        NominationEvent.objects.filter(nomination__in=chain)
        .select_related("actor__staff_member", "nomination__course_round")
        .order_by("at", "pk")
    )
    moved_to = Nomination.objects.filter(moved_from=nomination).select_related("course_round").first()
    return events, moved_to


MOVE_CHAIN_LIMIT = 50  # a booking moved more often than this is not a real case; the page shows the latest moves
