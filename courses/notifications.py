"""Emails about nominations, sessions and Del 1 deadlines, each sent at most once (SentNotification).

Each function claims its SentNotification row and sends in the same transaction: a second run
waits on the unique row and then finds it, and a failed send rolls the claim back for a retry.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from courses import ical, selectors
from courses.models import (
    NominationEvent,
    NominationEventKind,
    NominationStatus,
    PlanningSettings,
    RoundSession,
    RoundStatus,
    SentNotification,
)
from districts import clock, mail
from districts import selectors as district_selectors
from districts.models import Role, StaffMember

EVENT_TEMPLATES = {
    NominationEventKind.BOOKED: "courses/email/nomination_booked",
    NominationEventKind.WAITLISTED: "courses/email/nomination_waitlisted",
    NominationEventKind.PROMOTED: "courses/email/nomination_promoted",
    NominationEventKind.CANCELLED: "courses/email/nomination_cancelled",
    NominationEventKind.MOVED: "courses/email/nomination_moved",
}
ROUND_CANCELLED_TEMPLATE = "courses/email/round_cancelled"
SESSION_CHANGED_TEMPLATE = "courses/email/session_changed"
# What each event puts in the nominee's calendar: (iTIP method, tentative).
EVENT_INVITATIONS = {
    NominationEventKind.BOOKED: (ical.Method.REQUEST, False),
    NominationEventKind.PROMOTED: (ical.Method.REQUEST, False),
    NominationEventKind.WAITLISTED: (ical.Method.REQUEST, True),
    NominationEventKind.CANCELLED: (ical.Method.CANCEL, False),
    # The place left behind by a move: its sessions leave the calendar (the new round's booking invites anew).
    NominationEventKind.MOVED: (ical.Method.CANCEL, False),
}


DEADLINE_REMINDER_DAYS = 30


def site_link(view_name: str, **kwargs) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(view_name, kwargs=kwargs or None)


def _claim(kind: str, key: str) -> bool:
    """Record that this notification is being sent; False when it was sent (or is being sent) already."""
    try:
        with transaction.atomic():
            _row, created = SentNotification.objects.get_or_create(kind=kind, key=key)
    except IntegrityError:
        return False
    return created


def _invitation(staff, sessions, *, method: str, tentative: bool, place_changes: int):
    """Return the attachment builder of an iCalendar invitation for `mail.send`."""
    content = ical.invitation(staff, sessions, method=method, tentative=tentative, place_changes=place_changes)
    filename = "inbjudan.ics" if method == ical.Method.REQUEST else "avbokning.ics"
    return lambda _language: [mail.Attachment(filename, content, f"text/calendar; charset=utf-8; method={method}")]


def unit_managers(unit_id) -> list[StaffMember]:
    """Return the unit's enhetschefer still employed (a manager who has left gets no mail)."""
    if unit_id is None:
        return []
    managers = StaffMember.objects.filter(unit_id=unit_id, roles__role=Role.ENHETSCHEF)
    return list(district_selectors.currently_employed(queryset=managers).distinct())


def _was_waitlisted(nomination) -> bool:
    """Return whether the nomination was on the waitlist (and never promoted) before it ended."""
    kinds = set(nomination.events.values_list("kind", flat=True))
    return NominationEventKind.WAITLISTED in kinds and NominationEventKind.PROMOTED not in kinds


def nomination_event_notify(*, event_id: int, round_cancelled: bool = False) -> bool:
    """Tell the nominee and their enhetschef about a booking, waitlisting, promotion or cancellation; True if sent.

    A cancellation that came from cancelling the whole round (`round_cancelled`) says so instead. The nominee's
    copy and the managers' are claimed and sent each in its own transaction: when the second fails, the retry
    sends only it, never the first twice.
    """
    event = (
        NominationEvent.objects.select_related("nomination__staff", "nomination__course_round__course")
        .filter(pk=event_id)
        .first()
    )
    if event is None or event.kind not in EVENT_TEMPLATES:
        return False
    nomination = event.nomination
    staff = nomination.staff
    course_round = nomination.course_round
    managers = [manager for manager in unit_managers(staff.unit_id) if manager.pk != staff.pk]
    sessions = list(course_round.sessions.order_by("date", "start_time"))
    context = {
        "staff": staff,
        "course_round": course_round,
        "sessions": [session for session in sessions if not session.cancelled],
        "round_url": site_link("courses:round_detail", pk=course_round.pk),
        "note": event.note,
        "was_waitlisted": event.kind == NominationEventKind.CANCELLED and _was_waitlisted(nomination),
        "waitlist_position": (
            nomination.course_round.nominations.filter(
                status=NominationStatus.WAITLISTED, queued_at__lte=nomination.queued_at
            ).count()
            if event.kind == NominationEventKind.WAITLISTED
            else None
        ),
    }
    template = EVENT_TEMPLATES[event.kind]
    if event.kind == NominationEventKind.CANCELLED and round_cancelled:
        template = ROUND_CANCELLED_TEMPLATE
    method, tentative = EVENT_INVITATIONS[event.kind]
    changes = selectors.place_changes(staff_id=staff.pk, course_round_id=course_round.pk, until_event_id=event.pk)
    invitation = _invitation(staff, sessions, method=method, tentative=tentative, place_changes=changes)
    # The nominee's copy carries the calendar invitation; their enhetschef is told, not invited (of a move they
    # hear once, by the booking on the new round).
    sent = False
    with transaction.atomic():
        if _claim("nomination_event", str(event.pk)):
            mail.send(template, context, [staff], attachments=invitation)
            sent = True
    if managers and event.kind != NominationEventKind.MOVED:
        with transaction.atomic():
            if _claim("nomination_event_managers", str(event.pk)):
                mail.send(template, context, managers)
                sent = True
    return sent


def session_change_notify(*, session_ids: list[int]) -> int:
    """Send everyone who holds or waits for a seat the changed (or cancelled) sessions of one round as one update.

    A round moved as a whole is one e-mail with one invitation holding every moved session, not one per session.
    Sent once per participant and set of session versions (their SEQUENCE), each claimed and sent in its own
    transaction (a retry after a failure sends only those not yet sent); return e-mails sent.
    """
    sessions = list(
        RoundSession.objects.select_related("course_round__course").filter(pk__in=session_ids).order_by("date", "pk")
    )
    if not sessions:
        return 0
    course_round = sessions[0].course_round
    sessions = [session for session in sessions if session.course_round_id == course_round.pk]
    nominations = course_round.nominations.filter(
        status__in=[NominationStatus.BOOKED, NominationStatus.WAITLISTED]
    ).select_related("staff")
    round_cancelled = course_round.status == RoundStatus.CANCELLED
    cancelled = round_cancelled or all(session.cancelled for session in sessions)
    changes = selectors.place_changes_on_round(course_round_id=course_round.pk)
    versions = ",".join(f"{session.pk}-{session.sequence}" for session in sessions)
    sent = 0
    for nomination in nominations:
        invitation = _invitation(
            nomination.staff,
            sessions,
            method=ical.Method.CANCEL if cancelled else ical.Method.REQUEST,
            tentative=nomination.status == NominationStatus.WAITLISTED,
            place_changes=changes.get(nomination.staff_id, 0),
        )
        context = {
            "staff": nomination.staff,
            "session": sessions[0],
            "sessions": sessions,
            "course_round": course_round,
            "cancelled": cancelled,
            "round_url": site_link("courses:round_detail", pk=course_round.pk),
        }
        with transaction.atomic():
            if _claim("session_changed", f"{versions}-{nomination.pk}"):
                sent += mail.send(SESSION_CHANGED_TEMPLATE, context, [nomination.staff], attachments=invitation)
    return sent


def session_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind participants of sessions that are the organisation's set number of days away; return emails sent."""
    today = today or clock.today()
    sent = 0
    for planning in PlanningSettings.objects.all():
        day = today + datetime.timedelta(days=planning.reminder_days_before)
        sessions = (
            RoundSession.objects.filter(
                date=day, cancelled=False, course_round__course__organisation_id=planning.organisation_id
            )
            .exclude(course_round__status=RoundStatus.CANCELLED)
            .select_related("course_round")
        )
        for session in sessions:
            for nomination in session.course_round.nominations.filter(status=NominationStatus.BOOKED).select_related(
                "staff"
            ):
                with transaction.atomic():
                    if not _claim("session_reminder", f"{session.pk}-{nomination.pk}"):
                        continue
                    mail.send(
                        "courses/email/session_reminder",
                        {
                            "staff": nomination.staff,
                            "session": session,
                            "course_round": session.course_round,
                            "round_url": site_link("courses:round_detail", pk=session.course_round_id),
                        },
                        [nomination.staff],
                    )
                    sent += 1
    return sent


def deadline_reminders_send(*, today: datetime.date | None = None) -> int:
    """Send each enhetschef, once a week, the hires of their unit within 30 days of the Del 1 deadline unbooked."""
    today = today or clock.today()
    year, week, _weekday = today.isocalendar()
    sent = 0
    managers = district_selectors.currently_employed(
        queryset=StaffMember.objects.filter(roles__role=Role.ENHETSCHEF, unit__isnull=False), today=today
    ).distinct()
    for manager in managers:
        rows = selectors.hires_without_del1_booking_among(
            staff_queryset=StaffMember.objects.filter(unit_id=manager.unit_id).exclude(pk=manager.pk),
            today=today,
            within_days=DEADLINE_REMINDER_DAYS,
        )
        if not rows:
            continue
        with transaction.atomic():
            if not _claim("deadline_reminder", f"{manager.pk}-{year}-{week:02d}"):
                continue
            mail.send(
                "courses/email/deadline_reminder",
                {"manager": manager, "rows": rows, "dashboard_url": site_link("dashboard")},
                [manager],
            )
            sent += 1
    return sent
