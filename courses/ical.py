"""iCalendar documents: a round's sessions (.ics download) and a person's private feed.

Each session is one event whose UID stays the same when it moves; SEQUENCE rises on every change
so calendar clients replace it, and a cancelled session (or round) is sent with STATUS:CANCELLED.
"""

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event, vCalAddress, vText

from courses.models import RoundSession, RoundStatus
from courses.planning import local_datetime
from districts import clock


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Introduktionsprogrammet//kurser//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Stockholm")
    return calendar


def uid(session: RoundSession) -> str:
    """Return the session's calendar UID: the same in the feed, the .ics download and every invitation."""
    return f"kurstillfalle-{session.pk}@{settings.SITE_URL.split('//')[-1].split('/')[0]}"


def _event(session: RoundSession, *, cancelled: bool, status: str = "CONFIRMED", sequence_offset: int = 0) -> Event:
    course_round = session.course_round
    event = Event()
    event.add("uid", uid(session))
    event.add("dtstamp", clock.now())
    event.add("dtstart", local_datetime(session.date, session.start_time))
    event.add("dtend", local_datetime(session.date, session.end_time))
    event.add("summary", course_round.title)
    if session.place:
        event.add("location", session.place)
    description = course_round.course.name
    if session.lecturers:
        description += f"\nFöreläsare: {session.lecturers}"
    event.add("description", description)
    event.add("url", settings.SITE_URL.rstrip("/") + reverse("courses:round_detail", kwargs={"pk": course_round.pk}))
    event.add("sequence", session.sequence + sequence_offset)
    event.add("status", "CANCELLED" if cancelled else status)
    return event


def _is_cancelled(session: RoundSession) -> bool:
    return session.cancelled or session.course_round.status == RoundStatus.CANCELLED


def round_calendar(course_round, sessions: Iterable[RoundSession]) -> bytes:
    """Return the .ics of one round: one event per session."""
    calendar = _calendar(course_round.title)
    for session in sessions:
        calendar.add_component(_event(session, cancelled=_is_cancelled(session)))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def person_feed(staff, sessions: Iterable[RoundSession]) -> bytes:
    """Return a person's feed: the sessions of their rounds and lectures, cancelled where they no longer go."""
    calendar = _calendar(f"Kurser – {staff.full_name}")
    for session in sessions:
        still_going = getattr(session, "for_person_active", True) or getattr(session, "lecturing", False)
        cancelled = _is_cancelled(session) or not still_going
        changes = getattr(session, "for_person_changes", 0)
        calendar.add_component(_event(session, cancelled=cancelled, sequence_offset=changes))
    calendar.add_missing_timezones()
    return calendar.to_ical()


class Method:
    REQUEST = "REQUEST"
    CANCEL = "CANCEL"


def person_sequence(session: RoundSession, nomination_changes: int) -> int:
    """Return the SEQUENCE of a session as one person sees it: the session's own changes plus the changes of
    the person's place (booked, waitlisted, promoted, moved, cancelled). Both only rise, so every invitation
    and the feed after it replace what the calendar holds."""
    return session.sequence + nomination_changes


def invitation(
    staff, sessions: Iterable[RoundSession], *, method: str, tentative: bool = False, nomination_changes: int = 0
) -> bytes:
    """Return an iTIP invitation (RFC 5546) for one attendee: METHOD:REQUEST books (TENTATIVE for a waitlist
    place), METHOD:CANCEL withdraws; Outlook and Exchange update the event with the same UID by its SEQUENCE."""
    calendar = _calendar(f"Kurser – {staff.full_name}")
    calendar.add("method", method)
    cancel = method == Method.CANCEL
    for session in sessions:
        event = _event(
            session,
            cancelled=cancel or _is_cancelled(session),
            status="TENTATIVE" if tentative else "CONFIRMED",
            sequence_offset=nomination_changes,
        )
        event.add("organizer", vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}"))
        attendee = vCalAddress(f"mailto:{staff.work_email}")
        attendee.params["cn"] = vText(staff.full_name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("TENTATIVE" if tentative else "ACCEPTED")
        event.add("attendee", attendee)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
