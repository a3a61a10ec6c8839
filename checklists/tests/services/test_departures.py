"""When a hire's employment ends: future places cancelled with the usual e-mails, the plan closed as Avslutad."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from checklists import selectors, services, tasks
from checklists.models import IntroductionPlan, PlanItem, PlanStatus
from checklists.tests.factories import plan_for
from conftest import travel_to
from courses import services as course_services
from courses.models import NominationEventKind, NominationStatus
from courses.tests.factories import CourseFactory, CourseRoundFactory, del1_of
from districts import clock
from districts import services as district_services
from districts.models import Role
from districts.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def _set_end(staff, end, actor):
    """Save the end date the way the staff form does."""
    return district_services.staff_update(
        staff=staff,
        actor=actor,
        first_name=staff.first_name,
        last_name=staff.last_name,
        work_email=staff.work_email,
        unit=staff.unit,
        employment_start=staff.employment_start,
        employment_end=end,
        employment_type=staff.employment_type,
        competence_level=staff.competence_level,
        introduction_profile=staff.introduction_profile,
        gender=staff.gender,
        supervisor=staff.supervisor,
        mentor=staff.mentor,
    )


def _places(world, today):
    """Book the hire on a Del 1 round ahead (with someone waiting) and put them on a full deepening round's waitlist."""
    del1_round = CourseRoundFactory(
        course=del1_of(world.organisation), capacity=1, session_dates=[today + datetime.timedelta(days=40)]
    )
    booked = course_services.round_nominate(course_round=del1_round, staff=world.hire, actor=None)
    waiting = StaffMemberFactory(unit=world.own_unit)
    course_services.round_nominate(course_round=del1_round, staff=waiting, actor=None)
    deepening = CourseRoundFactory(
        course=CourseFactory(organisation=world.organisation),
        capacity=1,
        session_dates=[today + datetime.timedelta(days=60)],
    )
    course_services.round_nominate(course_round=deepening, staff=StaffMemberFactory(unit=world.own_unit), actor=None)
    waitlisted = course_services.round_nominate(course_round=deepening, staff=world.hire, actor=None)
    assert (booked.status, waitlisted.status) == (NominationStatus.BOOKED, NominationStatus.WAITLISTED)
    return booked, waitlisted, waiting


@pytest.mark.frozen_dates
def test_an_end_date_of_today_cancels_future_places_at_once_and_closes_the_plan(
    world, django_capture_on_commit_callbacks
):
    today = clock.today()
    plan = plan_for(world.hire)
    booked, waitlisted, waiting = _places(world, today)
    hr = world.people[Role.HR]
    manager = world.people[Role.ENHETSCHEF]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _set_end(world.hire, today, hr.user)

    booked.refresh_from_db()
    waitlisted.refresh_from_db()
    assert (booked.status, waitlisted.status) == (NominationStatus.CANCELLED, NominationStatus.CANCELLED)
    cancel = booked.events.get(kind=NominationEventKind.CANCELLED)
    assert cancel.actor == hr.user and "Anställningen upphörde" in cancel.note
    # The seat went to the one waiting, as any cancellation does.
    assert booked.course_round.nominations.get(staff=waiting).status == NominationStatus.BOOKED
    # The usual e-mails: the leaver and their enhetschef hear of both cancellations.
    # (Each notice is two e-mails: the leaver's copy withdraws the calendar invitation, the enhetschef's informs.)
    cancelled_mails = [m for m in mail.outbox if m.subject.startswith("Avbokad:")]
    assert sorted(address for m in cancelled_mails for address in m.to) == sorted(
        [world.hire.work_email, manager.work_email] * 2
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CLOSED and plan.closed_at is not None
    assert plan.closed_reason.startswith("Anställningen upphörde")
    assert plan.items.exists()  # kept, with everything recorded

    # The nightly run finds nothing left to do: no second e-mail, no second closing.
    sent, closed_at = len(mail.outbox), plan.closed_at
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.process_departures_due() == 0
        _set_end(world.hire, today, hr.user)  # saved again unchanged: nothing is sent
    assert len(mail.outbox) == sent
    plan.refresh_from_db()
    assert plan.closed_at == closed_at


@pytest.mark.frozen_dates
def test_an_end_date_ahead_is_acted_on_by_the_nightly_run_on_that_day(world, django_capture_on_commit_callbacks):
    today = clock.today()
    last_day = today + datetime.timedelta(days=10)
    plan = plan_for(world.hire)
    booked, waitlisted, _waiting = _places(world, today)
    # A round that began while they were still employed is left to its outcome when it is marked held.
    started = CourseRoundFactory(
        course=CourseFactory(organisation=world.organisation),
        session_dates=[today + datetime.timedelta(days=5), today + datetime.timedelta(days=20)],
    )
    in_progress = course_services.round_nominate(course_round=started, staff=world.hire, actor=None)

    with django_capture_on_commit_callbacks(execute=True):
        _set_end(world.hire, last_day, world.people[Role.HR].user)
        assert tasks.process_departures_due() == 0  # not yet their last day
    booked.refresh_from_db()
    plan.refresh_from_db()
    assert booked.status == NominationStatus.BOOKED and plan.status == PlanStatus.ACTIVE

    mail.outbox.clear()
    with travel_to(last_day), django_capture_on_commit_callbacks(execute=True):
        assert tasks.process_departures_due() == 2
        assert tasks.process_departures_due() == 0
    for nomination in (booked, waitlisted, in_progress):
        nomination.refresh_from_db()
    assert (booked.status, waitlisted.status) == (NominationStatus.CANCELLED, NominationStatus.CANCELLED)
    assert in_progress.status == NominationStatus.BOOKED
    assert booked.events.get(kind=NominationEventKind.CANCELLED).actor is None  # the system
    assert len([m for m in mail.outbox if m.subject.startswith("Avbokad:")]) == 2 * 2  # leaver and enhetschef
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CLOSED


def test_a_closed_plan_is_read_only_with_a_swedish_message(world, client):
    plan = plan_for(world.hire)
    services.plan_close(plan=plan, actor=None, reason="Anställningen upphörde 2026-11-30.")
    manager = world.people[Role.ENHETSCHEF]
    item = plan.items.order_by("pk").first()

    with pytest.raises(ValidationError, match="Planen är avslutad"):
        services.plan_item_tick(item_id=item.pk, actor=manager.user, done=True, expected_version=item.version)
    with pytest.raises(ValidationError, match="Planen är avslutad"):
        services.plan_update(
            plan=plan, actor=manager.user, manager=None, supervisor=None, mentor=None, notes="x", goals={}
        )
    client.force_login(manager.user)
    url = reverse("checklists:item_tick", args=[item.pk])
    response = client.post(url, {"done": "1", "version": item.version}, headers={"HX-Request": "true"})
    assert "Planen är avslutad" in response.content.decode()
    assert 'data-testid="tick"' not in response.content.decode()  # no tick button on a closed plan
    item.refresh_from_db()
    assert not item.done and not item.events.exists()
    assert "Avslutad" in client.get(reverse("checklists:plan_detail", args=[plan.pk])).content.decode()


def test_a_closed_plans_items_past_their_due_date_are_not_marked_late(world, client):
    plan = plan_for(world.hire, start=datetime.date(2026, 1, 5))  # items due months ago, none done
    client.force_login(world.people[Role.ENHETSCHEF].user)
    url = reverse("checklists:plan_detail", args=[plan.pk])
    assert "Försenad" in client.get(url).content.decode()
    services.plan_close(plan=plan, actor=None, reason="Anställningen upphörde 2026-11-30.")
    assert "Försenad" not in client.get(url).content.decode()


def test_a_closed_plan_is_out_of_overdue_counts_lists_and_reminders(world):
    today = clock.today()
    plan = plan_for(world.hire, start=today - datetime.timedelta(days=200))
    assert selectors.with_progress(plans=IntroductionPlan.objects.filter(pk=plan.pk)).get().overdue_count > 0
    assert selectors.items_needing_reminder(today=today).filter(plan=plan).exists()

    services.plan_close(plan=plan, actor=None, reason="Anställningen upphörde.")

    assert selectors.with_progress(plans=IntroductionPlan.objects.filter(pk=plan.pk)).get().overdue_count == 0
    plan.refresh_from_db()
    assert selectors.plan_progress(plan=plan, items=plan.items.all())["overdue"] == 0  # the plan page and its PDF
    assert not selectors.items_needing_reminder(today=today).filter(plan=plan).exists()
    everyone = IntroductionPlan.objects.all()
    assert plan not in selectors.plans_in_state(plans=everyone, state="pagaende")
    assert plan in selectors.plans_in_state(plans=everyone, state="avslutade")
    assert not services.plan_close(plan=plan, actor=None, reason="igen")  # closing twice changes nothing
    # Automatic ticks pass a closed plan by: it stays as it was on the last day.
    item = PlanItem.objects.filter(plan=plan, title="Del 1 genomförd").get()
    services.plan_items_tick_automatic(
        staff_id=world.hire.pk,
        template_item_filter={"course_id": item.template_item.course_id},
        reference="x",
        description="x",
    )
    item.refresh_from_db()
    assert not item.done


def test_an_end_date_in_a_staff_import_acts_at_once_in_the_importers_name(world, django_capture_on_commit_callbacks):
    from districts.tests.importing.files import csv_file

    today = clock.today()
    plan = plan_for(world.hire)
    booked, waitlisted, _waiting = _places(world, today)
    hire = world.hire
    row = (
        f"{hire.first_name};{hire.last_name};{hire.work_email};Angered;{world.own_unit.name};Barn och unga;"
        f"Socialsekreterare;{hire.employment_start.isoformat()};Tillsvidare;Nybörjare;;Kvinna;"
        f"{hire.supervisor.work_email};;{(today - datetime.timedelta(days=1)).isoformat()}"
    )
    hr = world.people[Role.HR].user
    with django_capture_on_commit_callbacks(execute=True):
        district_services.staff_import_apply(
            organisation=world.organisation, actor=hr, content=csv_file(row), filename="slutat.csv"
        )

    booked.refresh_from_db()
    plan.refresh_from_db()
    assert booked.status == NominationStatus.CANCELLED and plan.status == PlanStatus.CLOSED
    assert booked.events.get(kind=NominationEventKind.CANCELLED).actor == hr


def test_taking_the_end_date_back_opens_the_plan_again(world, django_capture_on_commit_callbacks):
    today = clock.today()
    plan = plan_for(world.hire)
    booked, _waitlisted, _waiting = _places(world, today)
    hr = world.people[Role.HR].user
    with django_capture_on_commit_callbacks(execute=True):
        _set_end(world.hire, today, hr)
    plan.refresh_from_db()
    assert plan.is_closed

    with django_capture_on_commit_callbacks(execute=True):
        _set_end(world.hire, None, hr)  # entered by mistake

    plan.refresh_from_db()
    booked.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE and plan.closed_at is None and plan.closed_reason == ""
    assert booked.status == NominationStatus.CANCELLED  # given up places stay given up
    reopened = plan.history.order_by("-history_date").first()
    assert reopened.history_user == hr and "öppnades igen" in reopened.history_change_reason
