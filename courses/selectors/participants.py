"""Reads of a round's participants: its dialogue groups, the printed participant list, the attendance grid."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from courses.models import (
    ENROLLED_STATUSES,
    Attendance,
    CourseRound,
    DialogueGroup,
    Nomination,
    NominationStatus,
    RoundSession,
)
from courses.outcomes import Outcome, proposed_completed
from districts import clock

SEATED_STATUSES = (NominationStatus.BOOKED, NominationStatus.COMPLETED)


def dialogue_move_choice(*, course_round: CourseRound, nomination_id: int, group_id: int):
    """Return the round's nomination and dialogue group a move names, each None when not of this round."""
    nomination = course_round.nominations.filter(pk=nomination_id).first()
    group = DialogueGroup.objects.filter(course_round=course_round, pk=group_id).first()
    return nomination, group


def dialogue_groups_of(*, course_round: CourseRound):
    """Return a round's dialogue groups with members, and the seated participants not in any group yet."""
    groups = course_round.dialogue_groups.prefetch_related("members__nomination__staff__unit__district")
    ungrouped = course_round.nominations.filter(
        status__in=SEATED_STATUSES, dialogue_membership__isnull=True
    ).select_related("staff__unit__district")
    return groups, ungrouped


def participant_list(*, course_round: CourseRound) -> QuerySet[Nomination]:
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


def attendance_rows(*, course_round: CourseRound, today: datetime.date | None = None):
    """Return the round's sessions and one row per participant with a cell per session (recordable once held)."""
    today = today or clock.today()
    sessions, participants, present = attendance_grid(course_round=course_round)
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


def attendance_grid(*, course_round: CourseRound) -> tuple[list[RoundSession], list[Nomination], set[tuple[int, int]]]:
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


@dataclass(frozen=True)
class OutcomeProposal:
    """A booked participant of a round to be marked held, with their attendance and the outcome it proposes."""

    nomination: Nomination
    attended: int
    sessions: int
    completed: bool


def outcome_proposals(*, course_round: CourseRound) -> list[OutcomeProposal]:
    """Return every booked participant with the outcome their recorded attendance proposes."""
    session_ids = list(course_round.sessions.filter(cancelled=False).values_list("pk", flat=True))
    booked = list(
        course_round.nominations.filter(status=NominationStatus.BOOKED)
        .select_related("staff__unit__district")
        .order_by("staff__last_name", "staff__first_name", "pk")
        .annotate(
            attended=Count("attendances", filter=Q(attendances__present=True, attendances__session_id__in=session_ids))
        )
    )
    return [
        OutcomeProposal(
            nomination=nomination,
            attended=nomination.attended,
            sessions=len(session_ids),
            completed=proposed_completed(attended=nomination.attended, sessions=len(session_ids)),
        )
        for nomination in booked
    ]


def proposed_outcomes(*, course_round: CourseRound, reason: str = "") -> dict[int, Outcome]:
    """Return the proposed outcome of each booked participant by nomination id (not completed: `reason`)."""
    return {
        proposal.nomination.pk: Outcome(completed=proposal.completed, reason="" if proposal.completed else reason)
        for proposal in outcome_proposals(course_round=course_round)
    }
