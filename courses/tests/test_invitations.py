"""E-mails about a seat carry an iCalendar invitation that Outlook and Exchange accept and update themselves."""

import datetime

import pytest
from django.core import mail
from icalendar import Calendar

from courses import ical, notifications, selectors, services
from courses.tests.factories import CourseRoundFactory, del1_of

pytestmark = pytest.mark.django_db


def _invitation(message):
    (attachment,) = message.attachments
    filename, content, mimetype = attachment
    calendar = Calendar.from_ical(content)
    return filename, mimetype, calendar, list(calendar.walk("VEVENT"))


def _nominee_copy(outbox, staff):
    (message,) = [message for message in outbox if message.to == [staff.work_email]]
    return message


def _sequences(events) -> dict[str, int]:
    return {str(event["uid"]): int(event["sequence"]) for event in events}


def test_book_change_and_cancel_send_request_and_cancel_with_the_feeds_uid_and_a_rising_sequence(
    world, django_capture_on_commit_callbacks
):
    course_round = CourseRoundFactory(
        course=del1_of(world.organisation),
        title="Del 1 mars 2027",
        session_dates=[datetime.date(2027, 3, 9), datetime.date(2027, 3, 10)],
    )
    first, second = course_round.sessions.order_by("date")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        nomination = services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    filename, mimetype, calendar, events = _invitation(_nominee_copy(mail.outbox, world.hire))
    assert filename == "inbjudan.ics" and "method=REQUEST" in mimetype
    assert str(calendar["method"]) == "REQUEST"
    assert [str(event["uid"]) for event in events] == [ical.uid(first), ical.uid(second)]
    assert all(str(event["status"]) == "CONFIRMED" for event in events)
    # 09:00-16:00 in Stockholm is 08:00-15:00 UTC in March before the change to summer time.
    assert [event.decoded("dtstart").astimezone(datetime.UTC).hour for event in events] == [8, 8]
    assert [event.decoded("dtend").astimezone(datetime.UTC).hour for event in events] == [15, 15]
    assert all(str(event["attendee"]) == f"mailto:{world.hire.work_email}" for event in events)
    booked = _sequences(events)

    # The coordinator moves the second day to an afternoon: that session alone is sent again, later in sequence.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_save(
            actor=None,
            course_round=course_round,
            session=second,
            date=datetime.date(2027, 3, 11),
            start_time=datetime.time(13),
            end_time=datetime.time(16),
        )
    (message,) = mail.outbox
    assert message.to == [world.hire.work_email] and message.subject.startswith("Ändrat kurstillfälle")
    _filename, _mimetype, calendar, (changed,) = _invitation(message)
    assert str(calendar["method"]) == "REQUEST" and str(changed["uid"]) == ical.uid(second)
    assert changed.decoded("dtstart").astimezone(datetime.UTC) == datetime.datetime(
        2027, 3, 11, 12, tzinfo=datetime.UTC
    )
    assert int(changed["sequence"]) > booked[ical.uid(second)]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_cancel(nomination=nomination, actor=None)
    filename, mimetype, calendar, events = _invitation(_nominee_copy(mail.outbox, world.hire))
    assert filename == "avbokning.ics" and "method=CANCEL" in mimetype
    assert str(calendar["method"]) == "CANCEL"
    assert all(str(event["status"]) == "CANCELLED" for event in events)
    cancelled = _sequences(events)
    assert set(cancelled) == set(booked)
    assert cancelled[ical.uid(first)] > booked[ical.uid(first)]
    assert cancelled[ical.uid(second)] > int(changed["sequence"])

    # The person's feed agrees with the last invitation: the same UIDs and sequences.
    feed = ical.person_feed(world.hire, selectors.sessions_of_staff(staff=world.hire))
    assert _sequences(Calendar.from_ical(feed).walk("VEVENT")) == cancelled


def test_a_waitlist_place_is_a_tentative_invitation_and_promotion_confirms_it(
    world, django_capture_on_commit_callbacks
):
    course_round = CourseRoundFactory(course=del1_of(world.organisation), capacity=1)
    first = services.round_nominate(course_round=course_round, staff=world.other_hire, actor=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    _filename, _mimetype, calendar, (tentative,) = _invitation(_nominee_copy(mail.outbox, world.hire))
    assert str(calendar["method"]) == "REQUEST" and str(tentative["status"]) == "TENTATIVE"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_cancel(nomination=first, actor=None)
    _filename, _mimetype, calendar, (confirmed,) = _invitation(_nominee_copy(mail.outbox, world.hire))
    assert str(confirmed["status"]) == "CONFIRMED"
    assert int(confirmed["sequence"]) > int(tentative["sequence"])


def test_a_cancelled_session_is_withdrawn_from_the_participants_calendars_once(
    world, django_capture_on_commit_callbacks
):
    course_round = CourseRoundFactory(
        course=del1_of(world.organisation), session_dates=[datetime.date(2027, 3, 9), datetime.date(2027, 3, 10)]
    )
    services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    second = course_round.sessions.order_by("date").last()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(actor=None, session=second)
    (message,) = mail.outbox
    assert message.subject.startswith("Inställt kurstillfälle")
    _filename, _mimetype, calendar, (event,) = _invitation(message)
    assert str(calendar["method"]) == "CANCEL" and str(event["uid"]) == ical.uid(second)
    assert notifications.session_change_notify(session_ids=[second.pk]) == 0  # the same version is sent once


def test_a_round_moved_as_a_whole_is_one_email_per_participant_with_every_session_in_one_invitation(
    world, django_capture_on_commit_callbacks
):
    course_round = CourseRoundFactory(
        course=del1_of(world.organisation),
        title="Del 1 mars 2027",
        session_dates=[datetime.date(2027, 3, 9), datetime.date(2027, 3, 10), datetime.date(2027, 3, 11)],
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
        services.round_nominate(course_round=course_round, staff=world.other_hire, actor=None)
    booked = _sequences(_invitation(_nominee_copy(mail.outbox, world.hire))[3])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.round_move(actor=None, course_round=course_round, new_start=datetime.date(2027, 3, 16))
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [world.hire.work_email, world.other_hire.work_email]
    )
    message = _nominee_copy(mail.outbox, world.hire)
    assert message.subject == "Flyttad kursomgång, första dagen 16 mars: Del 1 mars 2027"
    assert "tisdag 16 mars 2027" in message.body and "torsdag 18 mars 2027" in message.body
    _filename, _mimetype, calendar, events = _invitation(message)
    assert str(calendar["method"]) == "REQUEST"
    assert [event.decoded("dtstart").date() for event in events] == [
        datetime.date(2027, 3, 16),
        datetime.date(2027, 3, 17),
        datetime.date(2027, 3, 18),
    ]
    assert all(int(event["sequence"]) > booked[str(event["uid"])] for event in events)


def test_each_recipient_reads_their_own_language_in_a_text_and_an_html_part(
    world,
    english_catalogue,
    django_capture_on_commit_callbacks,
):
    world.hire.first_name = "Nora & Co"
    world.hire.language = "en"
    world.hire.save()
    course_round = CourseRoundFactory(course=del1_of(world.organisation), title="Del 1 mars 2027")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    nominee = _nominee_copy(mail.outbox, world.hire)
    (manager,) = [message for message in mail.outbox if message is not nominee]
    assert nominee.subject == "Place booked: Del 1 mars 2027"
    assert manager.subject == "Plats bokad: Del 1 mars 2027"
    assert "Nora & Co" in nominee.body and "&amp;" not in nominee.body  # the text part is text, not HTML
    ((html, mimetype),) = nominee.alternatives
    assert mimetype == "text/html" and '<html lang="en">' in html
    assert "Nora &amp; Co" in html  # and the HTML part is escaped HTML of the same words
    assert "Hello Nora &amp; Co," in html


def test_choosing_a_language_in_the_app_sets_the_language_of_ones_e_mails(client, world):
    user = world.hire.user
    client.force_login(user)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    world.hire.refresh_from_db()
    assert world.hire.language == "en"
    assert world.hire.history.latest().history_user == user
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})  # an unknown language changes nothing
    world.hire.refresh_from_db()
    assert world.hire.language == "en"


def test_a_move_withdraws_the_old_rounds_sessions_and_invites_to_the_new_ones(
    world, django_capture_on_commit_callbacks
):
    course = del1_of(world.organisation)
    old = CourseRoundFactory(course=course, title="Del 1 mars 2027", session_dates=[datetime.date(2027, 3, 9)])
    new = CourseRoundFactory(course=course, title="Del 1 april 2027", session_dates=[datetime.date(2027, 4, 13)])
    nomination = services.round_nominate(course_round=old, staff=world.hire, actor=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_move(nomination=nomination, target=new, actor=None)
    to_hire = [message for message in mail.outbox if message.to == [world.hire.work_email]]
    methods = {}
    for message in to_hire:
        _filename, _mimetype, calendar, (event,) = _invitation(message)
        methods[str(calendar["method"])] = event
    assert str(methods["CANCEL"]["uid"]) == ical.uid(old.sessions.get())
    assert str(methods["REQUEST"]["uid"]) == ical.uid(new.sessions.get())
    # The enhetschef hears of the move once, by the new booking, and is invited to nothing.
    to_manager = [message for message in mail.outbox if message.to != [world.hire.work_email]]
    assert [message.subject for message in to_manager] == ["Plats bokad: Del 1 april 2027"]
    assert all(message.attachments == [] for message in to_manager)
    # The feed agrees with both e-mails.
    feed = {
        str(e["uid"]): e
        for e in Calendar.from_ical(ical.person_feed(world.hire, selectors.sessions_of_staff(staff=world.hire))).walk(
            "VEVENT"
        )
    }
    for method, event in methods.items():
        assert int(feed[str(event["uid"])]["sequence"]) == int(event["sequence"]), method
        assert str(feed[str(event["uid"])]["status"]) == str(event["status"]), method
