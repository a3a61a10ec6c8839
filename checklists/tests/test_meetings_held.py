import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from checklists import meetings_held, services
from checklists.models import IntroductionPlan, MeetingKind, PlanMeeting
from checklists.tests.factories import plan_for
from districts import clock
from districts.models import Role
from districts.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def _supervisions(plan, *, past=True):
    meetings = PlanMeeting.objects.filter(plan=plan, kind=MeetingKind.SUPERVISION).order_by("starts_at")
    now = clock.now()
    return list(meetings.filter(starts_at__lte=now) if past else meetings.filter(starts_at__gt=now))


def test_the_hire_marks_a_past_supervision_held_and_history_names_them(world):
    plan = plan_for(world.hire)
    meeting = _supervisions(plan)[-1]
    meetings_held.plan_meeting_record_held(
        meeting_id=meeting.pk, actor=world.user(Role.SOCIALSEKRETERARE), held=True, note=" Gick igenom utredningen "
    )
    meeting.refresh_from_db()
    assert meeting.held is True
    assert meeting.held_note == "Gick igenom utredningen"
    assert meeting.held_recorded_by == world.user(Role.SOCIALSEKRETERARE)
    assert clock.now() - meeting.held_recorded_at < datetime.timedelta(minutes=1)
    latest = meeting.history.order_by("-history_date").first()
    assert latest.held is True and latest.history_user == world.user(Role.SOCIALSEKRETERARE)


def test_the_supervisor_marks_one_not_held_and_a_later_mark_replaces_it_with_both_in_history(world):
    plan = plan_for(world.hire)
    meeting = _supervisions(plan)[0]
    supervisor = world.user(Role.FORSTE_SOCIALSEKRETERARE)
    meetings_held.plan_meeting_record_held(meeting_id=meeting.pk, actor=supervisor, held=False, note="Sjuk")
    meetings_held.plan_meeting_record_held(meeting_id=meeting.pk, actor=supervisor, held=True)
    meeting.refresh_from_db()
    assert meeting.held is True and meeting.held_note == ""
    assert [row.held for row in meeting.history.order_by("history_date")][-2:] == [False, True]


@pytest.mark.parametrize("role", [Role.ENHETSCHEF, Role.UTBILDNINGSSAMORDNARE, Role.HR, Role.UTBILDARSTOD])
def test_others_around_the_hire_may_not_mark_meetings(world, role):
    plan = plan_for(world.hire)
    meeting = _supervisions(plan)[0]
    with pytest.raises(PermissionDenied):
        meetings_held.plan_meeting_record_held(meeting_id=meeting.pk, actor=world.user(role), held=True)
    meeting.refresh_from_db()
    assert meeting.held is None


def test_a_meeting_still_to_come_cannot_be_marked(world):
    plan = plan_for(world.hire)
    meeting = _supervisions(plan, past=False)[0]
    with pytest.raises(ValidationError, match="inte ägt rum"):
        meetings_held.plan_meeting_record_held(
            meeting_id=meeting.pk, actor=world.user(Role.SOCIALSEKRETERARE), held=True
        )
    meeting.refresh_from_db()
    assert meeting.held is None and meeting.held_recorded_at is None


def test_a_note_over_300_characters_is_refused(world):
    plan = plan_for(world.hire)
    meeting = _supervisions(plan)[0]
    with pytest.raises(ValidationError, match="högst 300"):
        meetings_held.plan_meeting_record_held(
            meeting_id=meeting.pk, actor=world.user(Role.SOCIALSEKRETERARE), held=True, note="x" * 301
        )
    meeting.refresh_from_db()
    assert meeting.held is None


def test_reflection_time_is_not_recorded(world):
    plan = plan_for(world.hire)
    reflection = PlanMeeting.objects.filter(plan=plan, kind=MeetingKind.REFLECTION).order_by("starts_at").first()
    with pytest.raises(ValidationError):
        meetings_held.plan_meeting_record_held(
            meeting_id=reflection.pk, actor=world.user(Role.SOCIALSEKRETERARE), held=True
        )


def test_a_closed_plan_takes_no_marks(world):
    world.hire.employment_end = clock.today()
    world.hire.save(update_fields=["employment_end"])
    plan = plan_for(world.hire)
    services.staff_departure_process(staff_id=world.hire.pk)
    meeting = _supervisions(plan)[0]
    with pytest.raises(ValidationError, match="avslutad"):
        meetings_held.plan_meeting_record_held(
            meeting_id=meeting.pk, actor=world.user(Role.SOCIALSEKRETERARE), held=True
        )


def test_the_share_held_counts_due_meetings_per_kind(world):
    plan = plan_for(world.hire)
    first, second, *rest = _supervisions(plan)
    hire = world.user(Role.SOCIALSEKRETERARE)
    meetings_held.plan_meeting_record_held(meeting_id=first.pk, actor=hire, held=True)
    meetings_held.plan_meeting_record_held(meeting_id=second.pk, actor=hire, held=False)
    shares = {share.kind: share for share in meetings_held.meeting_shares(list(plan.meetings.all()))}
    supervision = shares[MeetingKind.SUPERVISION]
    # Started 30 days ago: five Mondays have passed (2, 9, 16, 23 and 30 November).
    assert (supervision.due, supervision.held, supervision.not_held, supervision.unrecorded) == (5, 1, 1, 3)
    assert supervision.percent == 20
    assert shares[MeetingKind.MANAGER_CHECK_IN].due == 0  # the one-month check-in is this afternoon
    assert shares[MeetingKind.MENTOR].due == 4
    assert MeetingKind.REFLECTION not in shares


def _lapsed(user):
    from checklists import selectors

    return list(meetings_held.with_lapsed_supervision(selectors.unit_current_plans(user=user)))


def test_a_hire_without_held_supervision_for_two_weeks_is_lapsed_until_one_is_held(world):
    plan = plan_for(world.hire)
    manager = world.user(Role.ENHETSCHEF)
    assert [lapsed.pk for lapsed in _lapsed(manager)] == [plan.pk]
    assert _lapsed(manager)[0].last_held is None
    old, *_rest, last = _supervisions(plan)
    hire = world.user(Role.SOCIALSEKRETERARE)
    meetings_held.plan_meeting_record_held(meeting_id=old.pk, actor=hire, held=True)
    assert _lapsed(manager)[0].last_held == old.starts_at  # held, but four weeks ago
    meetings_held.plan_meeting_record_held(meeting_id=last.pk, actor=hire, held=False)
    assert len(_lapsed(manager)) == 1  # marked not held does not count
    meetings_held.plan_meeting_record_held(meeting_id=last.pk, actor=hire, held=True)
    assert _lapsed(manager) == []


def test_new_hires_and_hires_past_their_first_year_are_not_lapsed(world):
    today = clock.today()
    newcomer = StaffMemberFactory(unit=world.own_unit, employment_start=today - datetime.timedelta(days=10))
    plan_for(newcomer)  # the first supervision was ten days ago: not two weeks yet
    second_year = StaffMemberFactory(unit=world.own_unit, employment_start=today - datetime.timedelta(days=400))
    plan_for(second_year)  # the weekly series ended after 52 weeks
    plan_for(world.other_hire)  # another unit's hire, lapsed but not this manager's
    assert _lapsed(world.user(Role.ENHETSCHEF)) == []


def test_the_lapsed_list_is_one_query_whatever_the_number_of_hires(world):
    from checklists import selectors
    from districts import access

    manager = world.user(Role.ENHETSCHEF)
    plan_for(world.hire)
    access.scope_for(manager)  # loaded once per request, before the list
    with CaptureQueriesContext(connection) as few:
        assert len(list(meetings_held.with_lapsed_supervision(selectors.unit_current_plans(user=manager)))) == 1
    for _n in range(4):
        plan_for(StaffMemberFactory(unit=world.own_unit))
    with CaptureQueriesContext(connection) as many:
        assert len(list(meetings_held.with_lapsed_supervision(selectors.unit_current_plans(user=manager)))) == 5
    assert len(many) == len(few)


def test_the_page_marks_a_meeting_held_and_the_plan_shows_the_share(client, world):
    plan = plan_for(world.hire)
    meeting = _supervisions(plan)[-1]
    client.force_login(world.user(Role.FORSTE_SOCIALSEKRETERARE))
    page = client.get(f"/introduktion/plan/{plan.pk}/").content.decode()
    assert f"/introduktion/moten/{meeting.pk}/registrera/" in page
    assert "0 av 5 hölls (0 %)" in page
    response = client.post(f"/introduktion/moten/{meeting.pk}/registrera/", {"held": "1", "note": "Bra samtal"})
    assert response.status_code == 302 and response["Location"].endswith(f"/plan/{plan.pk}/#moten")
    page = client.get(f"/introduktion/plan/{plan.pk}/").content.decode()
    assert "1 av 5 hölls (20 %)" in page and "Bra samtal" in page


def test_the_page_refuses_a_future_meeting_with_the_reason_and_changes_nothing(client, world):
    plan = plan_for(world.hire)
    meeting = _supervisions(plan, past=False)[0]
    client.force_login(world.user(Role.SOCIALSEKRETERARE))
    response = client.post(f"/introduktion/moten/{meeting.pk}/registrera/", {"held": "1"})
    assert response.status_code == 200 and "inte ägt rum" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.held is None


def test_the_unit_managers_dashboard_lists_the_lapsed_hire(client, world):
    plan_for(world.hire)
    client.force_login(world.user(Role.ENHETSCHEF))
    body = client.get("/").content.decode()
    assert "Uteblivna handledningar" in body and "Nora Nyanställd" in body
    client.force_login(world.user(Role.FORSTE_SOCIALSEKRETERARE))
    assert "Uteblivna handledningar" not in client.get("/").content.decode()


def test_the_plan_of_a_closed_hire_offers_no_marking(client, world):
    plan = plan_for(world.hire)
    IntroductionPlan.objects.filter(pk=plan.pk).update(status="closed", closed_at=clock.now())
    client.force_login(world.user(Role.SOCIALSEKRETERARE))
    assert "/registrera/" not in client.get(f"/introduktion/plan/{plan.pk}/").content.decode()


def test_the_dashboards_lapsed_panel_follows_the_time_though_its_sql_is_kept(world, monkeypatch):
    from checklists import dashboard

    plan = plan_for(world.hire)
    manager = world.user(Role.ENHETSCHEF)
    *_earlier, last = _supervisions(plan)
    meetings_held.plan_meeting_record_held(meeting_id=last.pk, actor=world.user(Role.SOCIALSEKRETERARE), held=True)

    def titles():
        return [panel.title for panel in dashboard.panels(manager)]

    assert "Uteblivna handledningar" not in titles()  # held within the last two weeks; the read's SQL is kept now
    later = clock.now() + datetime.timedelta(days=15)  # the same day for the read's key (clock.today): the SQL kept
    monkeypatch.setattr(clock, "now", lambda: later)
    assert "Uteblivna handledningar" in titles()  # two weeks on, the supervisions since were not held
