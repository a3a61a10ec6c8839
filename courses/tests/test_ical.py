import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from courses import services
from courses.models import CalendarFeed
from courses.tests.factories import CourseRoundFactory, del1_of
from districts.models import Role

pytestmark = pytest.mark.django_db


def _events(content: bytes):
    return list(Calendar.from_ical(content).walk("VEVENT"))


def test_feed_follows_moves_and_cancellations_and_dies_when_revoked(client, world):
    course_round = CourseRoundFactory(
        course=del1_of(world.organisation),
        session_dates=[datetime.date(2027, 3, 26), datetime.date(2027, 3, 29)],  # across the DST change
    )
    services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    feed = services.calendar_feed_for(staff=world.hire)
    url = reverse("courses:feed", kwargs={"token": feed.token})

    events = _events(client.get(url).content)
    assert len(events) == 2
    assert [e.decoded("dtstart").astimezone(datetime.UTC).hour for e in events] == [8, 7]
    assert all(str(e["status"]) == "CONFIRMED" for e in events)

    services.round_move(actor=None, course_round=course_round, new_start=datetime.date(2027, 4, 5))
    first, second = course_round.sessions.order_by("date")
    services.session_cancel(actor=None, session=second)
    events = {str(e["uid"]): e for e in _events(client.get(url).content)}
    moved = events[f"kurstillfalle-{first.pk}@127.0.0.1:8000"]
    assert moved.decoded("dtstart").date() == datetime.date(2027, 4, 5)
    # The session moved once; the place has not changed since it was booked.
    assert int(moved["sequence"]) == 1
    assert str(events[f"kurstillfalle-{second.pk}@127.0.0.1:8000"]["status"]) == "CANCELLED"

    services.calendar_feed_revoke(staff=world.hire)
    assert client.get(url).status_code == 404
    assert client.get(reverse("courses:feed", kwargs={"token": CalendarFeed.objects.get().token})).status_code == 200


def test_round_ics_download(client, world):
    course_round = CourseRoundFactory(course=del1_of(world.organisation), title="Del 1 april")
    services.round_cancel(course_round=course_round, actor=None)
    client.force_login(world.user(Role.SOCIALSEKRETERARE))
    response = client.get(reverse("courses:round_ics", kwargs={"pk": course_round.pk}))
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = _events(response.content)
    assert str(event["summary"]) == "Del 1 april" and str(event["status"]) == "CANCELLED"


def test_a_lecturer_from_the_staff_gets_the_session_in_her_feed(client, world):
    course_round = CourseRoundFactory(course=del1_of(world.organisation), session_dates=[datetime.date(2027, 3, 9)])
    lecturer = world.people[Role.UTBILDARSTOD]
    session = course_round.sessions.get()
    services.session_save(
        actor=None,
        course_round=course_round,
        session=session,
        date=session.date,
        start_time=session.start_time,
        end_time=session.end_time,
        lecturer_emails=[lecturer.work_email],
    )
    feed = services.calendar_feed_for(staff=lecturer)
    (event,) = _events(client.get(reverse("courses:feed", kwargs={"token": feed.token})).content)
    assert str(event["status"]) == "CONFIRMED" and event.decoded("dtstart").date() == datetime.date(2027, 3, 9)
    services.session_cancel(actor=None, session=session)
    (event,) = _events(client.get(reverse("courses:feed", kwargs={"token": feed.token})).content)
    assert str(event["status"]) == "CANCELLED"


def _feed_events(client, staff) -> dict[str, tuple[str, int]]:
    """Return the person's feed as {session date: (STATUS, SEQUENCE)}, parsed with icalendar."""
    url = reverse("courses:feed", kwargs={"token": services.calendar_feed_for(staff=staff).token})
    return {
        event.decoded("dtstart").date().isoformat(): (str(event["status"]), int(event["sequence"]))
        for event in _events(client.get(url).content)
    }


def test_a_waitlisted_place_is_tentative_a_seat_confirmed_and_a_cancellation_cancelled(client, world):
    from districts.tests.factories import StaffMemberFactory

    course_round = CourseRoundFactory(
        course=del1_of(world.organisation), capacity=1, session_dates=[datetime.date(2027, 3, 9)]
    )
    seated = services.round_nominate(
        course_round=course_round, staff=StaffMemberFactory(unit=world.own_unit), actor=None
    )
    waiting = services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    assert waiting.status == "waitlisted"
    assert _feed_events(client, world.hire) == {"2027-03-09": ("TENTATIVE", 0)}
    assert _feed_events(client, seated.staff) == {"2027-03-09": ("CONFIRMED", 0)}

    services.nomination_cancel(nomination=seated, actor=None)  # the hire gets the seat
    assert _feed_events(client, world.hire) == {"2027-03-09": ("CONFIRMED", 1)}
    assert _feed_events(client, seated.staff) == {"2027-03-09": ("CANCELLED", 1)}

    services.nomination_cancel(nomination=course_round.nominations.get(staff=world.hire), actor=None)
    assert _feed_events(client, world.hire) == {"2027-03-09": ("CANCELLED", 2)}
    services.round_nominate(course_round=course_round, staff=world.hire, actor=None)  # booked again
    assert _feed_events(client, world.hire) == {"2027-03-09": ("CONFIRMED", 3)}


def test_a_moved_booking_cancels_the_old_sessions_and_confirms_the_new(client, world):
    course = del1_of(world.organisation)
    old = CourseRoundFactory(course=course, session_dates=[datetime.date(2027, 3, 9)])
    new = CourseRoundFactory(course=course, session_dates=[datetime.date(2027, 4, 13)])
    booking = services.round_nominate(course_round=old, staff=world.hire, actor=None)
    services.nomination_move(nomination=booking, target=new, actor=None)
    events = _feed_events(client, world.hire)
    assert events["2027-03-09"] == ("CANCELLED", 1)
    assert events["2027-04-13"][0] == "CONFIRMED"
