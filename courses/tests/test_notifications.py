import datetime

import pytest
from django.core import mail

from courses import notifications, services
from courses.models import NominationEvent, NominationEventKind
from courses.tests.factories import CourseRoundFactory, del1_of
from districts.models import Role
from districts.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def recipients(outbox) -> list[list[str]]:
    """The addressees of each message: the nominee's copy (with the invitation) and their enhetschef's."""
    return sorted(sorted(message.to) for message in outbox)


def test_booking_mails_the_nominee_and_the_unit_manager_once_with_a_link(world, settings):
    settings.SITE_URL = "https://intro.example.se"
    course_round = CourseRoundFactory(course=del1_of(world.organisation), title="Del 1 mars 2027")
    nomination = services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    event = nomination.events.get(kind=NominationEventKind.BOOKED)
    mail.outbox.clear()
    assert notifications.nomination_event_notify(event_id=event.pk)
    assert not notifications.nomination_event_notify(event_id=event.pk)  # a second run sends nothing
    assert recipients(mail.outbox) == sorted([[world.hire.work_email], [world.people[Role.ENHETSCHEF].work_email]])
    for message in mail.outbox:
        assert message.subject == "Plats bokad: Del 1 mars 2027"
        assert f"https://intro.example.se/kurser/omgangar/{course_round.pk}/" in message.body
        assert "Hej Nora!" in message.body
    (nominee_copy,) = [message for message in mail.outbox if message.to == [world.hire.work_email]]
    assert [name for name, _content, _type in nominee_copy.attachments] == ["inbjudan.ics"]
    (manager_copy,) = [message for message in mail.outbox if message.to != [world.hire.work_email]]
    assert manager_copy.attachments == []  # the enhetschef is told, not invited


def test_nominated_events_send_nothing(world):
    course_round = CourseRoundFactory(course=del1_of(world.organisation))
    nomination = services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    event = NominationEvent.objects.get(nomination=nomination, kind=NominationEventKind.NOMINATED)
    mail.outbox.clear()
    assert not notifications.nomination_event_notify(event_id=event.pk)
    assert mail.outbox == []


def test_session_reminder_goes_out_the_set_number_of_days_before_once(world):
    today = datetime.date(2027, 3, 1)
    services.planning_settings_update(actor=None, organisation=world.organisation, reminder_days_before=3)
    course_round = CourseRoundFactory(course=del1_of(world.organisation), session_dates=[datetime.date(2027, 3, 4)])
    services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    mail.outbox.clear()
    assert notifications.session_reminders_send(today=today - datetime.timedelta(days=1)) == 0
    assert notifications.session_reminders_send(today=today) == 1
    assert notifications.session_reminders_send(today=today) == 0
    assert mail.outbox[0].to == [world.hire.work_email]
    assert "Påminnelse" in mail.outbox[0].subject


def test_weekly_deadline_reminder_lists_unbooked_hires_near_the_deadline(world):
    today = datetime.date(2027, 2, 1)
    near = StaffMemberFactory(unit=world.own_unit, employment_start=datetime.date(2026, 10, 31), first_name="Nära")
    StaffMemberFactory(unit=world.own_unit, employment_start=datetime.date(2026, 12, 20), first_name="Långt")
    mail.outbox.clear()
    world.other_hire.employment_start = datetime.date(2027, 1, 20)  # deadline in May: no reminder yet
    world.other_hire.save()
    world.hire.employment_start = datetime.date(2026, 11, 30)  # deadline 30 March: 57 days away
    world.hire.save()
    sent = notifications.deadline_reminders_send(today=today)
    assert sent == 1
    (message,) = mail.outbox
    assert message.to == [world.people[Role.ENHETSCHEF].work_email]
    assert near.full_name in message.body and "Långt" not in message.body
    assert "28 februari 2027" in message.body
    assert notifications.deadline_reminders_send(today=today + datetime.timedelta(days=2)) == 0  # same week


def test_cancelling_a_nomination_mails_the_nominee_and_manager_once_after_commit(
    world, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://intro.example.se"
    course_round = CourseRoundFactory(course=del1_of(world.organisation), title="Del 1 april 2027")
    nomination = services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.nomination_cancel(nomination=nomination, actor=None, note="Krockar med semester")
    assert mail.outbox == []  # nothing leaves before the cancellation is committed
    for callback in callbacks:
        callback()
    assert recipients(mail.outbox) == sorted([[world.hire.work_email], [world.people[Role.ENHETSCHEF].work_email]])
    for message in mail.outbox:
        assert message.subject == "Avbokad: Del 1 april 2027"
        assert "Platsen för Nora" in message.body and "Krockar med semester" in message.body
        assert f"https://intro.example.se/kurser/omgangar/{course_round.pk}/" in message.body
    event = nomination.events.get(kind=NominationEventKind.CANCELLED)
    assert not notifications.nomination_event_notify(event_id=event.pk)  # a second run sends nothing
    assert len(mail.outbox) == 2


def test_cancelling_a_waitlisted_place_says_so(world, django_capture_on_commit_callbacks):
    course_round = CourseRoundFactory(course=del1_of(world.organisation), capacity=1)
    services.round_nominate(course_round=course_round, staff=StaffMemberFactory(unit=world.other_unit), actor=None)
    nomination = services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_cancel(nomination=nomination, actor=None)
    assert len(mail.outbox) == 2
    assert all("står inte längre på reservlistan" in message.body for message in mail.outbox)


def test_cancelling_a_round_mails_every_active_nominee_once(world, django_capture_on_commit_callbacks):
    course_round = CourseRoundFactory(course=del1_of(world.organisation), title="Del 1 maj 2027", capacity=1)
    booked = services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    waiting = services.round_nominate(course_round=course_round, staff=world.other_hire, actor=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.round_cancel(course_round=course_round, actor=None, note="Föreläsaren är sjuk")
    assert sorted(message.subject for message in mail.outbox) == ["Inställd: Del 1 maj 2027"] * 4
    assert recipients(mail.outbox) == sorted(
        [
            [world.hire.work_email],
            [world.people[Role.ENHETSCHEF].work_email],
            [world.other_hire.work_email],
            [world.other_unit_manager.work_email],
        ]
    )
    assert all("Föreläsaren är sjuk" in message.body for message in mail.outbox)
    assert all("Kursomgången Del 1 maj 2027 är inställd" in message.body for message in mail.outbox)
    for nomination in (booked, waiting):
        event = nomination.events.get(kind=NominationEventKind.CANCELLED)
        assert not notifications.nomination_event_notify(event_id=event.pk, round_cancelled=True)
    assert len(mail.outbox) == 4
    with django_capture_on_commit_callbacks(execute=True):
        services.round_cancel(course_round=course_round, actor=None)  # cancelling again changes and sends nothing
    assert len(mail.outbox) == 4


def test_a_manager_who_has_left_gets_neither_copies_nor_reminders(world):
    manager = world.people[Role.ENHETSCHEF]
    manager.employment_start, manager.employment_end = datetime.date(2015, 1, 1), datetime.date(2026, 1, 31)
    manager.save()
    new_manager = StaffMemberFactory(unit=world.own_unit, roles=[Role.ENHETSCHEF], work_email="ny.chef@example.se")
    course_round = CourseRoundFactory(course=del1_of(world.organisation))
    nomination = services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    mail.outbox.clear()
    notifications.nomination_event_notify(event_id=nomination.events.get(kind=NominationEventKind.BOOKED).pk)
    assert recipients(mail.outbox) == sorted([[world.hire.work_email], [new_manager.work_email]])
    mail.outbox.clear()
    world.hire.employment_start = datetime.date(2026, 11, 30)
    world.hire.save()
    services.nomination_cancel(nomination=nomination, actor=None)
    mail.outbox.clear()
    notifications.deadline_reminders_send(today=datetime.date(2027, 3, 1))
    addressees = [address for message in mail.outbox for address in message.to]
    assert new_manager.work_email in addressees and manager.work_email not in addressees


def test_the_deadline_reminder_names_the_proposed_round_and_says_when_it_is_after_the_deadline(world):
    today = datetime.date(2027, 2, 1)
    course_round = CourseRoundFactory(
        course=del1_of(world.organisation), title="Del 1 mars 2027", session_dates=[datetime.date(2027, 3, 9)]
    )
    overdue = StaffMemberFactory(unit=world.own_unit, employment_start=datetime.date(2026, 9, 1), first_name="Sen")
    mail.outbox.clear()
    for person in (world.hire, world.other_hire):
        person.employment_start = datetime.date(2027, 1, 20)  # deadline in May: no reminder for them
        person.save()
    assert notifications.deadline_reminders_send(today=today) == 1
    (message,) = mail.outbox
    line = next(line for line in message.body.splitlines() if overdue.full_name in line)
    assert f"förslag: {course_round.title} (efter tidsgränsen)" in line


def test_a_failed_managers_copy_is_retried_without_sending_the_nominees_again(world, monkeypatch):
    from districts import mail as mail_module

    course_round = CourseRoundFactory(course=del1_of(world.organisation), title="Del 1 juni 2027")
    nomination = services.round_nominate(course_round=course_round, staff=world.hire, actor=None)
    event = nomination.events.get(kind=NominationEventKind.BOOKED)
    mail.outbox.clear()
    real_send = mail_module.send

    def managers_server_down(template, context, recipients, **kwargs):
        if world.hire not in recipients:
            raise ConnectionRefusedError("the mail server went away")
        return real_send(template, context, recipients, **kwargs)

    monkeypatch.setattr(mail_module, "send", managers_server_down)
    with pytest.raises(ConnectionRefusedError):
        notifications.nomination_event_notify(event_id=event.pk)
    assert recipients(mail.outbox) == [[world.hire.work_email]]
    monkeypatch.undo()
    assert notifications.nomination_event_notify(event_id=event.pk)  # the task's retry
    assert recipients(mail.outbox) == sorted([[world.hire.work_email], [world.people[Role.ENHETSCHEF].work_email]])
    assert not notifications.nomination_event_notify(event_id=event.pk)
