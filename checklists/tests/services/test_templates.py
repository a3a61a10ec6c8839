import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from checklists import bilaga3, services
from checklists.models import AutomaticSource, ResponsibleRole, TemplateItem, VersionStatus
from checklists.tests.factories import ensure_default_template, plan_for
from districts.models import IntroductionProfile, Role
from districts.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_new_organisation_gets_the_default_template():
    organisation = OrganisationFactory(onboarded=False)
    installed = services.template_install_default(organisation=organisation)  # as intro_program.onboarding does
    template = organisation.checklist_templates.get()
    assert installed == template
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


def test_the_default_template_names_the_automatic_sources_and_a_new_version_keeps_them(world):
    version, draft = _draft(world)
    expected = {
        AutomaticSource.COMPETENCE_REVIEW: f"{bilaga3.COMPETENCE_REVIEW_ITEM} (Nybörjare till Kunnig)",
        AutomaticSource.INTRODUCTION_EVALUATION: bilaga3.INTRODUCTION_EVALUATION_TITLE,
    }
    for source in (version, draft):
        named = dict(source.items.exclude(automatic_source="").values_list("automatic_source", "title"))
        assert named == expected


def test_a_version_holds_one_item_per_automatic_source(world):
    _version, draft = _draft(world)
    item = draft.items.filter(automatic_source="").first()
    item.automatic_source = AutomaticSource.COMPETENCE_REVIEW
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()
