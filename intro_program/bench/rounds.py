"""Ten years of Del 1 and Del 2 rounds as the planner lays them out: parallel rounds, nominations, attendance.

Each nomination gets its history (nominated, booked or waitlisted, then completed, dropped out or cancelled).
"""

import datetime
from dataclasses import dataclass, field

from courses import planning
from courses import selectors as course_selectors
from courses import services as course_services
from courses.models import (
    Attendance,
    Course,
    CourseKind,
    CourseRound,
    DropOutReason,
    Nomination,
    NominationEvent,
    NominationEventKind,
    NominationStatus,
    RoundSession,
    RoundStatus,
)
from intro_program.bench.copying import copy_create, copy_rows
from intro_program.bench.seeding import aware

DROP_OUT_REASONS = [
    DropOutReason.LACK_OF_TIME,
    DropOutReason.LACK_OF_TIME,
    DropOutReason.CHANGED_JOB,
    DropOutReason.LEFT_EMPLOYMENT,
    DropOutReason.ILLNESS,
]


@dataclass
class PlannedHistoryRound:
    course: Course
    planned: planning.PlannedRound
    default_capacity: int
    hires: list = field(default_factory=list)
    instance: CourseRound | None = None
    sessions: list = field(default_factory=list)

    @property
    def starts_on(self) -> datetime.date:
        return self.planned.sessions[0].date

    @property
    def ends_on(self) -> datetime.date:
        return self.planned.sessions[-1].date


def planned_rounds(organisation, *, today, years) -> tuple[list[PlannedHistoryRound], list[PlannedHistoryRound]]:
    """Lay out the Del 1 and Del 2 rounds of the past `years` calendar years as the planner would have."""
    courses = {
        c.kind: c for c in Course.objects.filter(organisation=organisation, kind__in=[CourseKind.DEL1, CourseKind.DEL2])
    }
    del1, del2 = courses[CourseKind.DEL1], courses[CourseKind.DEL2]
    settings_row = course_services.planning_settings_for(organisation=organisation)
    excluded = set(settings_row.excluded_months)
    del1_modules = [(module.pk, module.days) for module in del1.modules.all()]
    del2_modules = [(module.pk, module.days) for module in del2.modules.all()]
    pattern = {
        "excluded_months": excluded,
        "weekday": settings_row.weekday,
        "week_of_month": settings_row.week_of_month,
        "closed": planning.closed_days(first=datetime.date(today.year - years, 1, 1), years=years + 3),
    }
    del1_rounds, del2_rounds = [], []
    for year in range(today.year - years + 1, today.year + 1):
        anchor = datetime.date(year, 1, 1)  # the planner's window from New Year's Day: January to December
        for planned in planning.del1_rounds(today=anchor, modules=del1_modules, **pattern):
            del1_rounds.append(PlannedHistoryRound(del1, planned, settings_row.capacity))
        busy = frozenset(
            session.date
            for planned in planning.del1_rounds(today=anchor, modules=del1_modules, horizon=24, **pattern)
            for session in planned.sessions
        )
        for planned in planning.del2_rounds(
            today=anchor,
            modules=del2_modules,
            start_month=settings_row.del2_month,
            interval_weeks=settings_row.del2_interval_weeks,
            busy_days=busy,
            **pattern,
        ):
            del2_rounds.append(PlannedHistoryRound(del2, planned, settings_row.del2_capacity))
    return del1_rounds, del2_rounds


def seed_rounds(*, organisation, hires, today, years, rng) -> list[Nomination]:
    """Create the rounds with sessions, nominate each hire to Del 1 (and most to Del 2), record attendance."""
    del1_rounds, del2_rounds = planned_rounds(organisation, today=today, years=years)
    for hire in hires:
        deadline = course_selectors.del1_deadline(hire.employment_start)
        candidates = [r for r in del1_rounds if hire.employment_start <= r.starts_on <= deadline]
        if candidates and rng.random() < 0.95:
            chosen = candidates[1] if len(candidates) > 1 and rng.random() < 0.15 else candidates[0]
            chosen.hires.append(hire)
        deadline = course_selectors.del2_deadline(hire.employment_start)
        candidates = [r for r in del2_rounds if hire.employment_start + datetime.timedelta(days=60) <= r.starts_on]
        candidates = [r for r in candidates if r.starts_on <= deadline]
        if candidates and rng.random() < 0.8:
            candidates[0].hires.append(hire)
    rounds = []
    for planned_round in del1_rounds + del2_rounds:
        rounds += parallel_rounds(planned_round, today=today)
    copy_create(CourseRound, [r.instance for r in rounds])
    place = "Kompetenscentrum"
    for history_round in rounds:
        history_round.sessions = [
            RoundSession(
                course_round=history_round.instance,
                date=session.date,
                start_time=session.start_time,
                end_time=session.end_time,
                place=place,
            )
            for session in history_round.planned.sessions
        ]
    copy_create(RoundSession, [s for r in rounds for s in r.sessions])
    Through = RoundSession.modules.through
    copy_create(
        Through,
        [
            Through(roundsession_id=session.pk, coursemodule_id=module_id)
            for r in rounds
            for session, planned in zip(r.sessions, r.planned.sessions, strict=True)
            for module_id in planned.module_keys
        ],
    )

    nominations, events, attendances = [], [], []
    for history_round in rounds:
        _nominate_round(history_round, today=today, rng=rng, nominations=nominations)
    copy_create(Nomination, nominations)
    for history_round in rounds:
        for session in history_round.sessions:
            session.bench_recorded = aware(session.date, 16)
    # Plain rows, not model instances: several hundred thousand at national scale, where building each
    # instance cost more than writing it.
    nominated, waitlisted, booked = (
        NominationEventKind.NOMINATED.value,
        NominationEventKind.WAITLISTED.value,
        NominationEventKind.BOOKED.value,
    )
    for nomination in nominations:
        history_round = nomination.bench_round
        key, queued = nomination.pk, nomination.queued_at
        events.append((key, nominated, queued, ""))
        if nomination.status == NominationStatus.WAITLISTED or nomination.bench_waitlisted:
            events.append((key, waitlisted, queued, ""))
        else:
            events.append((key, booked, queued, ""))
        sessions = history_round.sessions
        if nomination.status == NominationStatus.COMPLETED:
            missed = nomination.bench_missed
            attendances += [(s.pk, key, s is not missed, s.bench_recorded) for s in sessions]
            events.append((key, NominationEventKind.COMPLETED.value, nomination.completed_at, ""))
        elif nomination.status == NominationStatus.DROPPED_OUT:
            attendances.append((sessions[0].pk, key, True, sessions[0].bench_recorded))
            events.append((key, NominationEventKind.DROPPED_OUT.value, aware(sessions[0].date, 17), ""))
        elif nomination.status == NominationStatus.CANCELLED:
            note = "Omgången genomfördes utan att en plats blev ledig." if nomination.bench_waitlisted else ""
            when = aware(history_round.starts_on if note else history_round.starts_on - datetime.timedelta(days=10))
            events.append((key, NominationEventKind.CANCELLED.value, when, note))
        elif nomination.status == NominationStatus.BOOKED:
            attendances += [(s.pk, key, rng.random() < 0.9, s.bench_recorded) for s in sessions if s.date < today]
    copy_rows(NominationEvent, ["nomination_id", "kind", "at", "note"], events)
    copy_rows(Attendance, ["session_id", "nomination_id", "present", "recorded_at"], attendances)
    return nominations


def parallel_rounds(history_round: PlannedHistoryRound, *, today) -> list[PlannedHistoryRound]:
    """Split a month's hires into rounds of the planned size, as coordinators add parallel rounds by hand.

    The first keeps the planner's key; the others have none (made by hand). A round still to come takes two
    more than its seats, who wait on its reserve list.
    """
    held = history_round.ends_on < today
    seats = history_round.default_capacity
    size = seats if held else seats + 2
    hires = history_round.hires
    parts = []
    for number, first in enumerate(range(0, max(len(hires), 1), size), start=1):
        part = PlannedHistoryRound(history_round.course, history_round.planned, seats, hires[first : first + size])
        part.instance = CourseRound(
            course=history_round.course,
            title=history_round.planned.title + (f" (grupp {number})" if number > 1 else ""),
            planning_key=history_round.planned.planning_key if number == 1 else "",
            status=RoundStatus.HELD if held else RoundStatus.OPEN,
            capacity=seats,
            starts_on=history_round.starts_on,
            ends_on=history_round.ends_on,
        )
        parts.append(part)
    return parts


def _nominate_round(history_round: PlannedHistoryRound, *, today, rng, nominations: list) -> None:
    course_round = history_round.instance
    held = course_round.status == RoundStatus.HELD
    for position, hire in enumerate(history_round.hires):
        queued = aware(max(hire.employment_start, history_round.starts_on - datetime.timedelta(days=45)), 10)
        queued += datetime.timedelta(minutes=position)
        # course_kind as Nomination.save() copies it (the one-Del-1 index reads it); COPY calls no save().
        nomination = Nomination(
            course_round=course_round, staff_id=hire.pk, queued_at=queued, course_kind=history_round.course.kind
        )
        nomination.bench_round, nomination.bench_waitlisted, nomination.bench_missed = history_round, False, None
        if not held:
            waitlisted = position >= course_round.capacity
            nomination.status = NominationStatus.WAITLISTED if waitlisted else NominationStatus.BOOKED
        else:
            roll = rng.random()
            if roll < 0.05:
                nomination.status = NominationStatus.DROPPED_OUT
                nomination.drop_out_reason = rng.choice(DROP_OUT_REASONS)
                if nomination.drop_out_reason == DropOutReason.ILLNESS:
                    nomination.drop_out_text = "Långtidssjukskriven under kursperioden."
            elif roll < 0.08:
                nomination.status = NominationStatus.CANCELLED
            elif roll < 0.10:
                nomination.status = NominationStatus.CANCELLED  # waited for a seat that never came free
                nomination.bench_waitlisted = True
            else:
                nomination.status = NominationStatus.COMPLETED
                nomination.completed_at = aware(history_round.ends_on, 16)
                if rng.random() < 0.08:
                    nomination.bench_missed = rng.choice(history_round.sessions)
                    nomination.completion_override_reason = "Tog igen den missade dagen med nästa omgång."
        nominations.append(nomination)
    history_round.hires = []  # free the references; nominations carry what is needed from here
