import pytest
from django.urls import reverse

from checklists.models import PlanItem
from checklists.tests.factories import plan_for
from districts.models import Role

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_tick_with_htmx_answers_with_the_ticked_row(client, world):
    plan = plan_for(world.hire)
    item = plan.items.get(title="Välkomstsamtal med enhetschefen")
    client.force_login(world.user(Role.FORSTE_SOCIALSEKRETERARE))
    response = client.post(
        reverse("checklists:item_tick", args=[item.pk]), {"done": "1", "version": "1", "note": "Gick bra"}, **HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.strip().startswith('<tr id="punkt-')
    assert "1:e Testsson" in body and "Gick bra" in body
    item.refresh_from_db()
    assert item.done and item.version == 2


def test_stale_tick_shows_the_current_state_and_who_changed_it(client, world):
    plan = plan_for(world.hire)
    item = plan.items.get(title="Välkomstsamtal med enhetschefen")
    url = reverse("checklists:item_tick", args=[item.pk])
    client.force_login(world.user(Role.ENHETSCHEF))
    client.post(url, {"done": "1", "version": "1"}, **HTMX)
    client.force_login(world.user(Role.FORSTE_SOCIALSEKRETERARE))
    # The supervisor's page still shows version 1 (not done); a click means "tick", but it changed meanwhile.
    response = client.post(url, {"done": "0", "version": "1"}, **HTMX)
    body = response.content.decode()
    assert "har just ändrats av någon annan" in body
    assert "Enhetschef Testsson" in body
    item.refresh_from_db()
    assert item.done and item.events.count() == 1


def test_plan_page_shows_tick_buttons_only_where_allowed(client, world):
    plan = plan_for(world.hire)
    client.force_login(world.user(Role.SOCIALSEKRETERARE))
    body = client.get(reverse("checklists:plan_detail", args=[plan.pk])).content.decode()
    own_items = plan.items.filter(responsible_role="nyanstalld").count()
    assert body.count('data-testid="tick"') == own_items
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    body = client.get(reverse("checklists:plan_detail", args=[plan.pk])).content.decode()
    assert 'data-testid="tick"' not in body and "Nora Nyanställd" in body


def test_enhetschef_creates_a_plan_for_a_hire(client, world):
    from districts.tests.factories import StaffMemberFactory

    hire = StaffMemberFactory(unit=world.own_unit, introduction_profile="")
    client.force_login(world.user(Role.ENHETSCHEF))
    response = client.post(
        reverse("checklists:plan_create", args=[hire.pk]), {"profile": "ny_kommun", "start_date": "2026-01-12"}
    )
    plan = hire.introduction_plan
    assert response.status_code == 302 and response["Location"] == reverse("checklists:plan_detail", args=[plan.pk])
    assert plan.profile == "ny_kommun" and str(plan.start_date) == "2026-01-12"
    assert PlanItem.objects.filter(plan=plan).exists()


def test_bad_form_input_answers_with_a_message_not_500(client, world):
    from districts.tests.factories import StaffMemberFactory

    hire = StaffMemberFactory(unit=world.own_unit)
    client.force_login(world.user(Role.ENHETSCHEF))
    response = client.post(reverse("checklists:plan_create", args=[hire.pk]), {"profile": "x", "start_date": "igår"})
    assert response.status_code == 200
    assert "Ange ett giltigt datum" in response.content.decode() or "giltigt" in response.content.decode()


def test_coordinator_edits_a_draft_and_publishes(client, world):
    from checklists.tests.factories import ensure_default_template

    version = ensure_default_template(world.organisation)
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    response = client.post(reverse("checklists:version_draft", args=[version.template_id]))
    draft = version.template.versions.get(status="draft")
    assert response["Location"] == reverse("checklists:version_detail", args=[draft.pk])
    phase = draft.phases.get(phase="forsta_veckan")
    response = client.post(
        reverse("checklists:template_item_create", args=[draft.pk]),
        {
            "phase": phase.pk,
            "title": "Möter nämndens ordförande",
            "responsible_role": "enhetschef",
            "due_day": "3",
            "profiles": ["nyexaminerad", "ny_kommun"],
        },
    )
    assert response.status_code == 302
    client.post(reverse("checklists:version_publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "published"
    # Editing the now published version is refused with a message.
    item = draft.items.get(title="Möter nämndens ordförande")
    response = client.post(reverse("checklists:template_item_edit", args=[item.pk]), {"title": "x"}, follow=True)
    assert "publicerad och kan inte ändras" in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Möter nämndens ordförande"


def test_plan_page_shows_course_bookings_and_del2_progress(client, world):
    from courses.models import Nomination, NominationStatus
    from courses.tests.factories import CourseRoundFactory, del1_of

    plan = plan_for(world.hire)
    course_round = CourseRoundFactory(course=del1_of(world.organisation), title="Del 1 mars")
    Nomination.objects.create(course_round=course_round, staff=world.hire, status=NominationStatus.BOOKED)
    client.force_login(world.user(Role.ENHETSCHEF))
    body = client.get(reverse("checklists:plan_detail", args=[plan.pk])).content.decode()
    assert 'data-testid="nomination"' in body and "Del 1 mars" in body
    assert "Del 2: 0 av" in body


def test_enhetschef_changes_the_profile_on_the_plan_page_and_keeps_ticks(client, world):
    from checklists import selectors

    plan = plan_for(world.hire, profile="nyexaminerad")
    slow_start = plan.items.get(title="Första enkla ärenden (långsam start)")
    slow_start.refresh_from_db()
    client.force_login(world.user(Role.ENHETSCHEF))
    client.post(reverse("checklists:item_tick", args=[slow_start.pk]), {"done": "1", "version": "1"}, **HTMX)
    response = client.post(reverse("checklists:plan_edit", args=[plan.pk]), {"profile": "ny_kommun", "notes": ""})
    assert response.status_code == 302
    plan.refresh_from_db()
    slow_start.refresh_from_db()
    assert plan.profile == "ny_kommun" and slow_start.done and not slow_start.in_profile
    page = client.get(reverse("checklists:plan_detail", args=[plan.pk])).content.decode()
    assert "Utanför profilen" in page
    listed = selectors.with_progress(plans=type(plan).objects.filter(pk=plan.pk)).get()
    assert listed.item_total == plan.items.filter(in_profile=True).count() < plan.items.count()


@pytest.mark.parametrize("day", ["0001-01-03", "9999-12-30"])
def test_a_start_date_far_out_answers_with_a_message_not_500(client, world, day):
    from districts.tests.factories import StaffMemberFactory

    hire = StaffMemberFactory(unit=world.own_unit)
    client.force_login(world.user(Role.ENHETSCHEF))
    response = client.post(
        reverse("checklists:plan_create", args=[hire.pk]), {"profile": "ny_kommun", "start_date": day}
    )
    assert response.status_code == 200
    assert "Ange ett datum mellan 2000-01-01 och 2099-12-31" in response.content.decode()
    assert not PlanItem.objects.filter(plan__staff=hire).exists()


@pytest.mark.parametrize("when", ["0001-01-01T00:30", "9999-12-31T23:30"])
def test_a_meeting_far_out_answers_with_a_message_not_500(client, world, when):
    plan = plan_for(world.hire)
    client.force_login(world.user(Role.ENHETSCHEF))
    count = plan.meetings.count()
    response = client.post(reverse("checklists:meeting_create", args=[plan.pk]), {"kind": "fadder", "starts_at": when})
    assert response.status_code == 200
    assert "Ange ett datum mellan" in response.content.decode()
    assert plan.meetings.count() == count


def test_an_automatic_tick_stays_attributed_to_its_record_after_a_profile_change(client, world):
    import re

    from checklists import services

    plan = plan_for(world.hire, profile="nyexaminerad")
    title = "Första enkla ärenden (långsam start)"
    services.plan_items_tick_automatic(
        staff_id=world.hire.pk, template_item_filter={"title": title}, reference="n:1", description="Kurs X slutförd"
    )
    enhetschef = world.user(Role.ENHETSCHEF)
    services.plan_change_profile(plan=plan, actor=enhetschef, profile="ny_kommun")
    item = plan.items.get(title=title)
    client.force_login(enhetschef)
    page = client.get(reverse("checklists:plan_detail", args=[plan.pk])).content.decode()
    row = page[page.index(f'id="punkt-{item.pk}"') :]
    done_by = re.search(r'data-testid="done-by">(.*?)</td>', row, re.S).group(1)
    assert "Kurs X slutförd" in done_by and "Utanför profilen" not in done_by
    assert "Utanför profilen vid byte från Nyexaminerad utan erfarenhet till Endast ny i kommunen" in row
