"""iCalendar documents: a round's sessions (.ics download) and a person's private feed.

Each session is one event whose UID stays the same when it moves; SEQUENCE rises on every change
so calendar clients replace it, and a cancelled session (or round) is sent with STATUS:CANCELLED.
In a person's feed the status follows their place: booked CONFIRMED, waitlisted TENTATIVE (never
confirmed), cancelled or moved away CANCELLED; each change of the place raises SEQUENCE as well.
"""

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event, vCalAddress, vText

from courses.models import NominationStatus, RoundSession, RoundStatus
from courses.planning import local_datetime
from districts import clock

CONFIRMED, TENTATIVE, CANCELLED = "CONFIRMED", "TENTATIVE", "CANCELLED"
# A person's place on a round, as their calendar shows it; a held seat (completed, dropped out) stays confirmed.
PLACE_STATUS = {
    NominationStatus.BOOKED: CONFIRMED,
    NominationStatus.COMPLETED: CONFIRMED,
    NominationStatus.DROPPED_OUT: CONFIRMED,
    NominationStatus.WAITLISTED: TENTATIVE,
    NominationStatus.CANCELLED: CANCELLED,
}


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


def _event(session: RoundSession, *, status: str, sequence: int | None = None) -> Event:
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
    event.add("sequence", session.sequence if sequence is None else sequence)
    event.add("status", status)
    return event


def _is_cancelled(session: RoundSession) -> bool:
    return session.cancelled or session.course_round.status == RoundStatus.CANCELLED


def round_calendar(course_round, sessions: Iterable[RoundSession]) -> bytes:
    """Return the .ics of one round: one event per session."""
    calendar = _calendar(course_round.title)
    for session in sessions:
        calendar.add_component(_event(session, status=CANCELLED if _is_cancelled(session) else CONFIRMED))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _person_status(session: RoundSession) -> str:
    if _is_cancelled(session):
        return CANCELLED
    if getattr(session, "lecturing", False):
        return CONFIRMED
    return PLACE_STATUS.get(getattr(session, "person_status", NominationStatus.BOOKED), CANCELLED)


def person_feed(staff, sessions: Iterable[RoundSession]) -> bytes:
    """Return a person's feed (sessions from `selectors.sessions_of_staff`): each with the status of their place."""
    calendar = _calendar(f"Kurser – {staff.full_name}")
    for session in sessions:
        sequence = session.sequence + getattr(session, "person_changes", 0)
        calendar.add_component(_event(session, status=_person_status(session), sequence=sequence))
    calendar.add_missing_timezones()
    return calendar.to_ical()


class Method:
    REQUEST = "REQUEST"
    CANCEL = "CANCEL"


def invitation(
    staff, sessions: Iterable[RoundSession], *, method: str, tentative: bool = False, place_changes: int = 0
) -> bytes:
    """Return an iTIP invitation (RFC 5546) for one attendee: METHOD:REQUEST books (TENTATIVE for a waitlist
    place), METHOD:CANCEL withdraws. UID and SEQUENCE are the feed's (the session's sequence plus the changes of
    the person's place, `place_changes`), so Outlook and Exchange update the same event, and the feed agrees."""
    calendar = _calendar(f"Kurser – {staff.full_name}")
    calendar.add("method", method)
    for session in sessions:
        if method == Method.CANCEL or _is_cancelled(session):
            status = CANCELLED
        else:
            status = TENTATIVE if tentative else CONFIRMED
        event = _event(session, status=status, sequence=session.sequence + place_changes)
        event.add("organizer", vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}"))
        attendee = vCalAddress(f"mailto:{staff.work_email}")
        attendee.params["cn"] = vText(staff.full_name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("TENTATIVE" if tentative else "ACCEPTED")
        event.add("attendee", attendee)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
