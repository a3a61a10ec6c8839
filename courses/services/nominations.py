"""Writes to nominations and attendance: nominate, cancel, drop out, complete, record who was there."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses.models import (
    ACTIVE_STATUSES,
    ONE_DEL1_STATUSES,
    Attendance,
    CourseKind,
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


def _check_one_del1(staff: StaffMember, course_round: CourseRound) -> None:
    """Refuse a Del 1 nomination to someone who holds or waits for a seat on Del 1, or has completed it."""
    if course_round.course.kind != CourseKind.DEL1:
        return
    existing = (
        Nomination.objects.filter(staff=staff, course_kind=CourseKind.DEL1, status__in=ONE_DEL1_STATUSES)
        .select_related("course_round")
        .first()
    )
    if existing is None:
        return
    values = {"name": staff.full_name, "round": existing.course_round.title}
    if existing.status == NominationStatus.COMPLETED:
        raise ValidationError(_("%(name)s har redan gått Del 1 (%(round)s) och kan inte nomineras igen.") % values)
    if existing.status == NominationStatus.BOOKED:
        text = _("%(name)s har redan en plats på Del 1 (%(round)s). Flytta den i stället.")
    else:
        text = _("%(name)s står redan på reservlistan till Del 1 (%(round)s). Flytta den i stället.")
    raise ValidationError(text % values)


def _refused_insert(staff: StaffMember, course_round: CourseRound, error: IntegrityError) -> ValidationError:
    """Turn a unique-index refusal (a request that won a race) into the message the checks would have given."""
    try:
        _check_one_del1(staff, course_round)
    except ValidationError as refusal:
        return refusal
    return ValidationError(_("%(name)s är redan nominerad till den här omgången.") % {"name": staff.full_name})


@audit.records_actor
def round_nominate(
    *, course_round: CourseRound, staff: StaffMember, actor, note: str = "", today: datetime.date | None = None
) -> Nomination:
    """Nominate a person to a round: booked while seats are free, else waitlisted.

    The round row is locked for the count and the insert, so two requests can never take the last
    seat twice; partial unique indexes refuse a second active nomination of the same person to the round
    and a second Del 1 (booked, waitlisted or completed) even when two requests for two rounds race.
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
        _check_one_del1(staff, course_round)
        booked = _booked_count(course_round) < course_round.capacity
        try:
            with transaction.atomic():
                nomination = Nomination.objects.create(
                    course_round=course_round,
                    staff=staff,
                    status=NominationStatus.BOOKED if booked else NominationStatus.WAITLISTED,
                    course_kind=course_round.course.kind,
                    nominated_by=_actor(actor),
                )
        except IntegrityError as error:
            raise _refused_insert(staff, course_round, error) from error
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


def _lock_rounds(*rounds: CourseRound) -> dict[int, CourseRound]:
    """Lock several rounds in id order, so two moves in opposite directions cannot deadlock."""
    locked = CourseRound.objects.select_for_update().select_related("course").filter(pk__in=[r.pk for r in rounds])
    return {course_round.pk: course_round for course_round in locked.order_by("pk")}


def _check_move_target(nomination: Nomination, source: CourseRound, target: CourseRound, today) -> None:
    if target.pk == source.pk:
        raise ValidationError({"course_round": [_("Välj en annan omgång än den nuvarande.")]})
    if target.course_id != source.course_id:
        raise ValidationError({"course_round": [_("En bokning kan bara flyttas till en omgång av samma kurs.")]})
    if target.status == RoundStatus.HELD:
        raise ValidationError({"course_round": [_("Omgången är redan genomförd.")]})
    if target.status == RoundStatus.CANCELLED:
        raise ValidationError({"course_round": [_("Omgången är inställd.")]})
    if target.status not in (RoundStatus.OPEN, RoundStatus.FULL):
        raise ValidationError({"course_round": [_("Omgången är inte öppen för nominering.")]})
    if target.starts_on is not None and target.starts_on <= today:
        raise ValidationError({"course_round": [_("Omgången har redan börjat.")]})
    staff = nomination.staff
    if staff.employment_end and staff.employment_end < (target.starts_on or today):
        raise ValidationError(
            _("%(name)s slutar före omgången (anställningen slutar %(end)s).")
            % {"name": staff.full_name, "end": date_format(staff.employment_end, "SHORT_DATE_FORMAT")}
        )
    full = _booked_count(target) >= target.capacity
    if full and nomination.status == NominationStatus.BOOKED:
        raise ValidationError(
            {
                "course_round": [
                    _("%(round)s är fullbokad. En bokad plats flyttas bara till en ledig plats.")
                    % {"round": target.title}
                ]
            }
        )


@audit.records_actor
@transaction.atomic
def nomination_move(
    *, nomination: Nomination, target: CourseRound, actor, today: datetime.date | None = None
) -> Nomination:
    """Move a booking or waitlist place to another round of the same course, keeping its history.

    The old nomination is cancelled and the new one points to it (`moved_from`), both with a "Flyttad"
    event. A booked person takes a free seat on the target (refused when it is full); a waitlisted one
    takes a seat if one is free, else the end of the target's waitlist. The freed seat on the old round
    goes to the first on its waitlist, as a cancellation's does.
    """
    today = today or clock.today()
    actor = _actor(actor)
    locked = _lock_rounds(nomination.course_round, target)
    nomination = Nomination.objects.select_related("staff").get(pk=nomination.pk)
    source, target = locked[nomination.course_round_id], locked.get(target.pk)
    if target is None:
        raise ValidationError({"course_round": [_("Välj en omgång.")]})
    if nomination.status not in ACTIVE_STATUSES:
        raise ValidationError(_("Bara en bokad plats eller en plats på reservlistan kan flyttas."))
    if source.starts_on is not None and source.starts_on <= today:
        raise ValidationError(
            _("%(round)s har redan börjat. Registrera avbrott och nominera sedan till en ny omgång.")
            % {"round": source.title}
        )
    _check_move_target(nomination, source, target, today)
    note = _("Flyttad från %(from)s till %(to)s.") % {"from": source.title, "to": target.title}
    nomination.status = NominationStatus.CANCELLED
    nomination.save(update_fields=["status", "updated_at"])
    _event(nomination, NominationEventKind.MOVED, actor, note=note, notify=True)
    booked = _booked_count(target) < target.capacity
    moved = Nomination.objects.create(
        course_round=target,
        staff=nomination.staff,
        status=NominationStatus.BOOKED if booked else NominationStatus.WAITLISTED,
        course_kind=target.course.kind,
        nominated_by=nomination.nominated_by,
        moved_from=nomination,
    )
    _event(moved, NominationEventKind.MOVED, actor, note=note)
    _event(moved, NominationEventKind.BOOKED if booked else NominationEventKind.WAITLISTED, actor, notify=True)
    _fill_seats(source, actor)
    _fill_seats(target, actor)
    return moved


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
    drop_out_participation(nomination, _actor(actor), reason=reason, text=text)
    return nomination


def drop_out_participation(nomination: Nomination, actor, *, reason: str, text: str = "") -> None:
    """Set a checked, booked nomination to dropped out with its reason and write the event (round locked)."""
    nomination.status = NominationStatus.DROPPED_OUT
    nomination.drop_out_reason, nomination.drop_out_text = reason, text.strip()
    nomination.save(update_fields=["status", "drop_out_reason", "drop_out_text", "updated_at"])
    note = text.strip() or str(DropOutReason(reason).label)
    _event(nomination, NominationEventKind.DROPPED_OUT, actor, note=note)


def complete_participation(nomination: Nomination, actor, note: str = "") -> None:
    """Set a booked nomination to completed and tell the listeners after commit (round locked)."""
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
    complete_participation(nomination, _actor(actor), note=reason.strip())
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
            complete_participation(nomination, actor)
            completed += 1
    return completed
