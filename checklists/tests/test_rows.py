"""The plan page's rows built in Python (checklists.rows) escape what people typed as the templates did."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from checklists import rows, selectors, services
from checklists.models import EventSource, PlanItem, PlanItemEvent, PlanMeeting
from checklists.tests.factories import plan_for
from districts import clock
from districts.models import Role

pytestmark = pytest.mark.django_db

TYPED = "<script>alert('x')</script> & \"citat\""
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;citat&quot;"


def test_item_and_meeting_rows_escape_typed_text(client, world):
    plan = plan_for(world.hire)
    item = plan.items.get(title="Välkomstsamtal med enhetschefen")
    item.title = item.guidance = TYPED
    item.save(update_fields=["title", "guidance"])
    client.force_login(world.user(Role.FORSTE_SOCIALSEKRETERARE))
    client.post(reverse("checklists:item_tick", args=[item.pk]), {"done": "1", "version": "1", "note": TYPED})
    meeting = plan.meetings.order_by("starts_at").first()
    PlanMeeting.objects.filter(pk=meeting.pk).update(held=True, held_note=TYPED, held_recorded_at=clock.now())
    body = client.get(reverse("checklists:plan_detail", args=[plan.pk])).content.decode()
    assert TYPED not in body
    # The title, the guidance, the history's note and the meeting's note.
    assert body.count(ESCAPED) == 4
    assert f'id="punkt-{item.pk}" data-testid="item-row" class="table-success"' in body
    assert "1 ändring" in body and "Hölls" in body


def test_the_pages_item_rows_are_the_tick_answers_rows(world):
    """The page writes its rows from `selectors.item_rows`, the tick answer from the loaded item: the same rows."""
    plan = plan_for(world.hire)
    first, second, third = plan.items.order_by("due_date", "position", "pk")[:3]
    without_staff = get_user_model().objects.create_superuser("utan-personpost", "utan@example.org", "x")
    supervisor = world.user(Role.FORSTE_SOCIALSEKRETERARE)
    services.plan_item_tick(item_id=first.pk, actor=supervisor, done=True, expected_version=1, note="Bra <start>")
    services.plan_item_tick(item_id=second.pk, actor=without_staff, done=True, expected_version=1)
    # Ticked by no one: the row names the event's description (a course booking, say).
    PlanItem.objects.filter(pk=third.pk).update(done=True, done_at=clock.now())
    PlanItemEvent.objects.create(
        item=third, old_done=False, new_done=True, source=EventSource.AUTOMATIC, description="Kurs <Del 1>"
    )
    written = {"today": clock.today(), "plan_closed": False, "csrf_token": "token"}
    page = {row.pk: row for row in selectors.item_rows(plan=plan)}
    assert set(page) == set(plan.items.values_list("pk", flat=True))
    answers = {}
    for item_id, row in page.items():
        answers[item_id] = rows.item_row_html(item=selectors.item_for_row(item_id=item_id), tickable=True, **written)
        assert rows.item_rows_html(items=[row], tickable_ids={item_id}, **written) == answers[item_id]
    assert f"{supervisor.staff_member.full_name}<br>" in answers[first.pk] and "Bra &lt;start&gt;" in answers[first.pk]
    assert "utan-personpost<br>" in answers[second.pk]
    assert "Kurs &lt;Del 1&gt;<br>" in answers[third.pk]


def test_plan_list_rows_escape_names_and_show_closed_plans_and_hires_without_unit(client, world):
    from districts.tests.factories import StaffMemberFactory

    named = StaffMemberFactory(unit=world.own_unit, first_name="<b>Ada</b>", last_name="O'Hara")
    services.plan_close(plan=plan_for(named), actor=None, reason="Slutat")
    plan_for(StaffMemberFactory(organisation=world.organisation, unit=None, last_name="Utan Enhetsson"))
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    body = client.get(reverse("checklists:overview") + "?visa=alla").content.decode()
    assert "<b>Ada</b>" not in body and "&lt;b&gt;Ada&lt;/b&gt; O&#x27;Hara</a>" in body
    assert body.count('data-testid="plan-closed"') == 1
    assert '<td class="small">–</td>' in body  # the hire without a unit
    assert ">Utan enhet</a>" in body  # the summary row of plans without a district
