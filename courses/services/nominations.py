"""Writes to nominations and attendance: nominate, cancel, drop out, complete, record who was there."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses.models import (
    ACTIVE_STATUSES,
    Attendance,
    CourseRound,
    DropOutReason,
    Nomination,
    NominationEventKind,
    NominationStatus,
    RoundStatus,
)
from courses.services.events import _actor, _event
from courses.services.seats import _booked_count, _fill_seats, _lock_round
from courses.signals import participation_completed, session_attended
from districts import audit, clock
from districts.models import StaffMember


@audit.records_actor
def round_nominate(
    *, course_round: CourseRound, staff: StaffMember, actor, note: str = "", today: datetime.date | None = None
) -> Nomination:
    """Nominate a person to a round: booked while seats are free, else waitlisted.

    The round row is locked for the count and the insert, so two requests can never take the last
    seat twice; the partial unique constraint refuses a second active nomination of the same person.
    """
    with transaction.atomic():
        course_round = _lock_round(course_round)
        if course_round.status not in (RoundStatus.OPEN, RoundStatus.FULL):
            raise ValidationError(_("Kursomgången är inte öppen för nominering."))
        if staff.organisation_id != course_round.course.organisation_id:
            raise ValidationError(_("Medarbetaren hör till en annan organisation."))
        today = today or clock.today()
        if course_round.ends_on and course_round.ends_on < today:
            raise ValidationError(_("Kursomgången är redan slut."))
        if staff.employment_end and staff.employment_end < max(today, course_round.starts_on or today):
            raise ValidationError(
                _("%(name)s har slutat eller slutar före omgången (anställningen slutar %(end)s).")
                % {"name": staff.full_name, "end": date_format(staff.employment_end, "SHORT_DATE_FORMAT")}
            )
        if Nomination.objects.filter(course_round=course_round, staff=staff, status__in=ACTIVE_STATUSES).exists():
            raise ValidationError(_("%(name)s är redan nominerad till den här omgången.") % {"name": staff.full_name})
        booked = _booked_count(course_round) < course_round.capacity
        try:
            with transaction.atomic():
                nomination = Nomination.objects.create(
                    course_round=course_round,
                    staff=staff,
                    status=NominationStatus.BOOKED if booked else NominationStatus.WAITLISTED,
                    nominated_by=_actor(actor),
                )
        except IntegrityError as error:
            raise ValidationError(
                _("%(name)s är redan nominerad till den här omgången.") % {"name": staff.full_name}
            ) from error
        _event(nomination, NominationEventKind.NOMINATED, _actor(actor), note=note)
        kind = NominationEventKind.BOOKED if booked else NominationEventKind.WAITLISTED
        _event(nomination, kind, _actor(actor), notify=True)
        _fill_seats(course_round, _actor(actor))
        return nomination


@audit.records_actor
@transaction.atomic
def nomination_cancel(*, nomination: Nomination, actor, note: str = "") -> Nomination:
    """Cancel a booking or a place on the waitlist; a freed seat goes to the first on the waitlist."""
    course_round = _lock_round(nomination.course_round)
    nomination = Nomination.objects.get(pk=nomination.pk)
    if nomination.status not in ACTIVE_STATUSES:
        raise ValidationError(_("Bara bokade eller reserver kan avbokas."))
    nomination.status = NominationStatus.CANCELLED
    nomination.save(update_fields=["status", "updated_at"])
    _event(nomination, NominationEventKind.CANCELLED, _actor(actor), note=note, notify=True)
    _fill_seats(course_round, _actor(actor))
    return nomination


@audit.records_actor
@transaction.atomic
def nomination_drop_out(*, nomination: Nomination, reason: str, text: str = "", actor) -> Nomination:
    """Record that a participant dropped out of a round, with the reason."""
    _lock_round(nomination.course_round)
    nomination = Nomination.objects.get(pk=nomination.pk)
    if reason not in DropOutReason.values:
        raise ValidationError({"reason": [_("Välj en orsak.")]})
    if reason == DropOutReason.OTHER and not text.strip():
        raise ValidationError({"text": [_("Beskriv orsaken när du väljer Annat.")]})
    if nomination.status != NominationStatus.BOOKED:
        raise ValidationError(_("Bara bokade deltagare kan avbryta."))
    nomination.status = NominationStatus.DROPPED_OUT
    nomination.drop_out_reason, nomination.drop_out_text = reason, text.strip()
    nomination.save(update_fields=["status", "drop_out_reason", "drop_out_text", "updated_at"])
    _event(nomination, NominationEventKind.DROPPED_OUT, _actor(actor), note=text.strip())
    return nomination


def _complete(nomination: Nomination, actor, note: str = "") -> None:
    nomination.status = NominationStatus.COMPLETED
    nomination.completed_at = clock.now()
    nomination.save(update_fields=["status", "completed_at", "completion_override_reason", "updated_at"])
    _event(nomination, NominationEventKind.COMPLETED, actor, note=note)
    transaction.on_commit(lambda: participation_completed.send(sender=Nomination, nomination=nomination))


@audit.records_actor
@transaction.atomic
def nomination_complete_override(*, nomination: Nomination, reason: str, actor) -> Nomination:
    """Mark a participant as completed although not every session is attended, with the reason why."""
    _lock_round(nomination.course_round)
    nomination = Nomination.objects.get(pk=nomination.pk)
    if not reason.strip():
        raise ValidationError({"reason": [_("Ange skälet till att deltagaren godkänns ändå.")]})
    if nomination.status != NominationStatus.BOOKED:
        raise ValidationError(_("Bara bokade deltagare kan markeras som slutförda."))
    nomination.completion_override_reason = reason.strip()
    _complete(nomination, _actor(actor), note=reason.strip())
    return nomination


@audit.records_actor
@transaction.atomic
def attendance_record(
    *, course_round: CourseRound, present: set[tuple[int, int]], actor, today: datetime.date | None = None
) -> int:
    """Record attendance for the whole round at once: `present` holds the (session id, nomination id) pairs present.

    Only sessions that have taken place (date up to today) are recorded; for them, pairs not in
    `present` are recorded absent, and pairs of later sessions are ignored. A participant present at
    every session that was not cancelled completes the round. Returns the number who completed now.
    """
    actor = _actor(actor)
    today = today or clock.today()
    course_round = _lock_round(course_round)
    all_sessions = list(course_round.sessions.filter(cancelled=False))
    sessions = [session for session in all_sessions if session.date <= today]
    participants = list(
        course_round.nominations.filter(status__in=[NominationStatus.BOOKED, NominationStatus.COMPLETED])
    )
    existing = {
        (row.session_id, row.nomination_id): row
        for row in Attendance.objects.filter(session__in=sessions, nomination__in=participants)
    }
    now = clock.now()
    newly_present = []
    to_create, to_update = [], []
    for session in sessions:
        for nomination in participants:
            key = (session.pk, nomination.pk)
            is_present = key in present
            row = existing.get(key)
            if row is None:
                row = Attendance(
                    session=session, nomination=nomination, present=is_present, recorded_by=actor, recorded_at=now
                )
                to_create.append(row)
            elif row.present != is_present:
                row.present, row.recorded_by, row.recorded_at = is_present, actor, now
                to_update.append(row)
            else:
                continue
            if is_present:
                newly_present.append(row)
    audit.bulk_create(to_create, Attendance)
    audit.bulk_update(to_update, Attendance, ["present", "recorded_by", "recorded_at"])
    session_dates = {session.pk: session.date for session in sessions}
    for row in newly_present:
        _event(
            row.nomination,
            NominationEventKind.ATTENDED,
            actor,
            note=_("Närvarande %(date)s") % {"date": session_dates[row.session_id].isoformat()},
        )
        transaction.on_commit(lambda row=row: session_attended.send(sender=Attendance, attendance=row))
    completed = 0
    session_ids = {session.pk for session in sessions}
    if len(sessions) < len(all_sessions):
        return completed  # sessions still to come: nobody has attended them all yet
    for nomination in participants:
        if nomination.status != NominationStatus.BOOKED or not session_ids:
            continue
        if all((session_id, nomination.pk) in present for session_id in session_ids):
            _complete(nomination, actor)
            completed += 1
    return completed
