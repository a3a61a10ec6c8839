import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from checklists import bilaga3, services
from checklists.models import (
    EventSource,
    IntroductionPlan,
    MeetingKind,
    PlanItem,
    PlanItemEvent,
    ResponsibleRole,
    TemplateItem,
    VersionStatus,
)
from checklists.tests.factories import ensure_default_template, plan_for
from districts.models import IntroductionProfile, Role
from districts.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_new_hire_plan_has_dated_items_from_the_default_template(world):
    start = datetime.date(2026, 3, 2)
    plan = plan_for(world.hire, start=start)

    items = {item.title: item for item in plan.items.all()}
    assert len(items) == len([row for row in bilaga3.ITEMS if "nyexaminerad" in row[5]])
    assert items["IT- och systembehörigheter beställda"].due_date == start - datetime.timedelta(days=10)
    assert items["Del 1 genomförd"].due_date == start + datetime.timedelta(days=120)
    assert plan.supervisor == world.people[Role.FORSTE_SOCIALSEKRETERARE]
    assert plan.manager == world.people[Role.ENHETSCHEF]
    assert plan.template_version.number == 1
    assert plan.goals.count() == 6
    assert plan.meetings.filter(kind=MeetingKind.SUPERVISION).count() == 52
    check_ins = plan.meetings.filter(kind=MeetingKind.MANAGER_CHECK_IN).order_by("starts_at")
    assert [meeting.starts_at.date() for meeting in check_ins][0] >= start + datetime.timedelta(days=30)
    assert check_ins.count() == 4


def test_profile_leaves_out_items_that_do_not_apply(world):
    plan = plan_for(world.hire, profile=IntroductionProfile.NEW_TO_MUNICIPALITY)
    titles = set(plan.items.values_list("title", flat=True))
    assert "Första enkla ärenden (långsam start)" not in titles
    assert "Del 1 genomförd" in titles


def test_a_hire_gets_one_plan_only(world):
    plan_for(world.hire)
    with pytest.raises(ValidationError, match="redan en introduktionsplan"):
        services.plan_create(staff=world.hire)
    assert IntroductionPlan.objects.filter(staff=world.hire).count() == 1


def test_new_organisation_gets_the_default_template():
    organisation = OrganisationFactory()  # the post_save receiver calls template_install_default
    template = organisation.checklist_templates.get()
    version = template.versions.get()
    assert version.status == VersionStatus.PUBLISHED
    assert version.items.count() == len(bilaga3.ITEMS)
    assert services.template_install_default(organisation=organisation) is None


def _draft(world):
    version = ensure_default_template(world.organisation)
    return version, services.template_version_draft(
        template=version.template, actor=world.user(Role.UTBILDNINGSSAMORDNARE)
    )


def test_editing_a_published_version_is_refused_by_the_service(world):
    version = ensure_default_template(world.organisation)
    item = version.items.first()
    with pytest.raises(ValidationError, match="publicerad och kan inte ändras"):
        services.template_item_update(item=item, title="Ändrad")
    with pytest.raises(ValidationError, match="publicerad"):
        services.template_item_delete(item=item)
    item.refresh_from_db()
    assert item.title != "Ändrad"


def test_editing_a_published_version_is_refused_by_the_database(world, require_postgres):
    version = ensure_default_template(world.organisation)
    with pytest.raises(IntegrityError), transaction.atomic():
        TemplateItem.objects.filter(version=version).update(title="Ändrad i smyg")
    with pytest.raises(IntegrityError), transaction.atomic():
        TemplateItem.objects.filter(version=version).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(version).objects.filter(pk=version.pk).update(status=VersionStatus.DRAFT)


def test_publishing_a_draft_changes_new_plans_only(world):
    coordinator = world.user(Role.UTBILDNINGSSAMORDNARE)
    old_plan = plan_for(world.other_hire)
    version, draft = _draft(world)
    assert draft.number == 2 and draft.items.count() == version.items.count()
    phase = draft.phases.get(phase="forsta_veckan")
    services.template_item_create(
        version=draft,
        phase=phase,
        title="Träffar nämndsekreteraren",
        responsible_role=ResponsibleRole.ENHETSCHEF,
        due_day=3,
        profiles=[IntroductionProfile.NEWLY_GRADUATED],
    )
    services.template_version_publish(version=draft, actor=coordinator)

    version.refresh_from_db()
    assert version.status == VersionStatus.RETIRED
    new_plan = services.plan_create(staff=world.hire)
    assert new_plan.template_version == draft
    assert new_plan.items.filter(title="Träffar nämndsekreteraren").exists()
    assert not old_plan.items.filter(title="Träffar nämndsekreteraren").exists()
    assert old_plan.template_version == version


def test_items_can_be_reordered_in_a_draft(world):
    _version, draft = _draft(world)
    phase = draft.phases.get(phase="fore_start")
    first, second = list(phase.items.order_by("position", "pk"))[:2]
    services.template_item_move(item=second, up=True)
    assert list(phase.items.order_by("position", "pk"))[:2] == [second, first]


def test_tick_records_who_and_when_and_history(world):
    plan = plan_for(world.hire)
    item = plan.items.get(title="Välkomstsamtal med enhetschefen")
    supervisor = world.user(Role.FORSTE_SOCIALSEKRETERARE)

    services.plan_item_tick(item_id=item.pk, actor=supervisor, done=True, expected_version=1, note="Bra samtal")
    item.refresh_from_db()
    assert item.done and item.done_by == supervisor and item.done_at and item.version == 2
    services.plan_item_tick(item_id=item.pk, actor=supervisor, done=False, expected_version=2)
    events = list(item.events.order_by("pk"))
    assert [(e.old_done, e.new_done) for e in events] == [(False, True), (True, False)]
    assert events[0].note == "Bra samtal" and events[0].actor == supervisor


def test_stale_tick_is_refused_and_does_not_undo_the_other_change(world):
    plan = plan_for(world.hire)
    item = plan.items.first()
    manager, supervisor = world.user(Role.ENHETSCHEF), world.user(Role.FORSTE_SOCIALSEKRETERARE)
    services.plan_item_tick(item_id=item.pk, actor=manager, done=True, expected_version=1)
    with pytest.raises(services.StaleItemError) as refused:
        services.plan_item_tick(item_id=item.pk, actor=supervisor, done=False, expected_version=1)
    assert refused.value.item.done_by == manager
    item.refresh_from_db()
    assert item.done and item.done_by == manager
    assert item.events.count() == 1


def test_who_may_tick(world):
    plan = plan_for(world.hire)
    hire_item = plan.items.filter(responsible_role=ResponsibleRole.HIRE).first()
    manager_item = plan.items.filter(responsible_role=ResponsibleRole.ENHETSCHEF).first()
    hr_item = plan.items.filter(responsible_role=ResponsibleRole.HR).first()
    hire = world.user(Role.SOCIALSEKRETERARE)

    services.plan_item_tick(item_id=hire_item.pk, actor=hire, done=True, expected_version=1)
    with pytest.raises(PermissionDenied):
        services.plan_item_tick(item_id=manager_item.pk, actor=hire, done=True, expected_version=1)
    with pytest.raises(PermissionDenied):
        services.plan_item_tick(
            item_id=manager_item.pk, actor=world.user(Role.UTBILDNINGSSAMORDNARE), done=True, expected_version=1
        )
    with pytest.raises(PermissionDenied):
        services.plan_item_tick(item_id=manager_item.pk, actor=world.user(Role.HR), done=True, expected_version=1)
    services.plan_item_tick(item_id=hr_item.pk, actor=world.user(Role.HR), done=True, expected_version=1)
    with pytest.raises(PermissionDenied):
        services.plan_item_tick(
            item_id=manager_item.pk, actor=world.other_unit_manager.user, done=True, expected_version=1
        )


def test_history_rows_are_append_only(world):
    plan = plan_for(world.hire)
    item = plan.items.first()
    services.plan_item_tick(item_id=item.pk, actor=world.user(Role.ENHETSCHEF), done=True, expected_version=1)
    event = PlanItemEvent.objects.get(item=item)
    event.note = "skrivs över"
    with pytest.raises(ValueError):
        event.save()


def test_automatic_tick_is_attributed_and_idempotent(world):
    plan = plan_for(world.hire)
    title = "Del 1 genomförd"
    ticked = services.plan_items_tick_automatic(
        staff_id=world.hire.pk,
        template_item_filter={"title": title},
        reference="nomination:7",
        description="Automatiskt: kurs Del 1 slutförd",
    )
    assert len(ticked) == 1
    assert (
        services.plan_items_tick_automatic(
            staff_id=world.hire.pk, template_item_filter={"title": title}, reference="nomination:7", description="x"
        )
        == []
    )
    event = PlanItemEvent.objects.get(item__plan=plan)
    assert event.source == EventSource.AUTOMATIC and event.reference == "nomination:7"
    assert PlanItem.objects.get(pk=ticked[0].pk).done


def test_due_dates_on_a_weekend_move_to_a_working_day():
    monday = datetime.date(2026, 3, 2)
    sunday = datetime.date(2026, 3, 1)
    # Before or on the first working day: back to the Friday before, so the start is prepared in time.
    assert services.due_date_for(start_date=monday, due_day=-2) == datetime.date(2026, 2, 27)
    assert services.due_date_for(start_date=monday, due_day=-3) == datetime.date(2026, 2, 27)
    assert services.due_date_for(start_date=sunday, due_day=0) == datetime.date(2026, 2, 27)
    # Later items: on to the Monday after.
    assert services.due_date_for(start_date=monday, due_day=5) == datetime.date(2026, 3, 9)
    assert services.due_date_for(start_date=monday, due_day=6) == datetime.date(2026, 3, 9)
    assert services.due_date_for(start_date=monday, due_day=4) == datetime.date(2026, 3, 6)


def test_no_plan_item_is_due_on_a_weekend(world):
    plan = plan_for(world.hire, start=datetime.date(2026, 3, 4))  # a Wednesday: day -3 and -10 are weekend days
    assert plan.items.exists()
    assert [item.title for item in plan.items.all() if item.due_date.weekday() >= 5] == []


def test_changing_the_profile_adds_items_and_loses_no_tick_or_event(world):
    from checklists.selectors import plan_progress

    enhetschef = world.user(Role.ENHETSCHEF)
    plan = plan_for(world.hire, start=datetime.date(2026, 3, 2), profile=IntroductionProfile.NEW_TO_MUNICIPALITY)
    narrow_count = plan.items.count()
    plan = services.plan_change_profile(plan=plan, actor=enhetschef, profile=IntroductionProfile.NEWLY_GRADUATED)
    slow_start = plan.items.get(title="Första enkla ärenden (långsam start)")
    assert plan.profile == IntroductionProfile.NEWLY_GRADUATED
    assert plan.items.count() > narrow_count
    assert slow_start.in_profile and slow_start.due_date.weekday() < 5
    assert list(slow_start.events.values_list("description", flat=True)) == [
        "Tillagd vid byte av profil från Endast ny i kommunen till Nyexaminerad utan erfarenhet"
    ]

    # Tick the added item and one that both profiles share, then go back to the narrow profile.
    slow_start = services.plan_item_tick(item_id=slow_start.pk, actor=enhetschef, done=True, expected_version=1)
    shared = plan.items.get(title="Del 1 genomförd")
    services.plan_item_tick(item_id=shared.pk, actor=enhetschef, done=True, expected_version=shared.version)
    items_before = set(plan.items.values_list("pk", flat=True))
    events_before = set(PlanItemEvent.objects.filter(item__plan=plan).values_list("pk", flat=True))

    plan = services.plan_change_profile(plan=plan, actor=enhetschef, profile=IntroductionProfile.NEW_TO_MUNICIPALITY)

    assert set(plan.items.values_list("pk", flat=True)) == items_before
    assert events_before < set(PlanItemEvent.objects.filter(item__plan=plan).values_list("pk", flat=True))
    slow_start.refresh_from_db()
    shared.refresh_from_db()
    assert slow_start.done and slow_start.done_by == enhetschef and not slow_start.in_profile
    assert shared.done and shared.in_profile
    assert slow_start.events.count() == 3  # added, ticked, left outside the profile
    assert slow_start.events.first().description.startswith("Utanför profilen")
    items = list(plan.items.all())
    progress = plan_progress(plan, items)
    assert progress["total"] == len([item for item in items if item.in_profile]) == narrow_count


def test_changing_the_profile_needs_the_right_to_edit_the_plan(world):
    plan = plan_for(world.hire)
    with pytest.raises(PermissionDenied):
        services.plan_change_profile(
            plan=plan, actor=world.other_unit_manager.user, profile=IntroductionProfile.NEW_TO_MUNICIPALITY
        )
    with pytest.raises(ValidationError):
        services.plan_change_profile(plan=plan, actor=world.user(Role.ENHETSCHEF), profile="okand")
    plan.refresh_from_db()
    assert plan.profile == IntroductionProfile.NEWLY_GRADUATED
