import pytest

from checklists.models import ChecklistTemplate, TemplateItem, VersionStatus
from courses.models import Course, CourseKind, PlanningSettings
from districts.models import Organisation
from districts.tests.factories import OrganisationFactory
from intro_program.onboarding import organisation_onboard

pytestmark = pytest.mark.django_db


def _defaults(organisation) -> dict:
    return {
        "courses": Course.objects.filter(organisation=organisation).count(),
        "modules": Course.objects.filter(organisation=organisation).values("modules").count(),
        "templates": ChecklistTemplate.objects.filter(organisation=organisation).count(),
        "template items": TemplateItem.objects.filter(version__template__organisation=organisation).count(),
        "planning settings": PlanningSettings.objects.filter(organisation=organisation).count(),
    }


def test_creating_an_organisation_installs_nothing_by_itself():
    organisation = Organisation.objects.create(name="Ny kommun", slug="ny-kommun")
    assert set(_defaults(organisation).values()) == {0}


def test_onboarding_installs_the_programme_then_the_template_that_links_to_its_courses():
    organisation = OrganisationFactory(onboarded=False)

    organisation_onboard(organisation=organisation)

    del1 = Course.objects.get(organisation=organisation, kind=CourseKind.DEL1)
    del2 = Course.objects.get(organisation=organisation, kind=CourseKind.DEL2)
    assert del1.modules.count() == 3 and del2.modules.count() == 19
    version = ChecklistTemplate.objects.get(organisation=organisation).versions.get()
    assert version.status == VersionStatus.PUBLISHED
    assert Course.objects.get(organisation=organisation, kind=CourseKind.FORSTE_TRAINING).modules.count() == 3
    # The order matters: the template's course items point at the courses the first step made.
    linked = version.items.filter(course__isnull=False)
    assert {item.course for item in linked} == {del1, del2}
    assert version.items.get(title="Del 1 genomförd").course == del1


def test_onboarding_twice_installs_nothing_more():
    organisation = OrganisationFactory(onboarded=False)
    organisation_onboard(organisation=organisation)
    once = _defaults(organisation)

    organisation_onboard(organisation=organisation)

    assert _defaults(organisation) == once
    assert once["courses"] == 3 and once["templates"] == 1 and once["planning settings"] == 1


def test_the_factory_onboards_as_the_product_does_unless_told_not_to():
    assert _defaults(OrganisationFactory())["templates"] == 1
    assert set(_defaults(OrganisationFactory(onboarded=False)).values()) == {0}


def test_adding_an_organisation_in_the_admin_onboards_it_and_editing_it_changes_nothing(admin_client):
    response = admin_client.post(
        "/admin/districts/organisation/add/",
        {"name": "Kungälvs kommun", "slug": "kungalv", "small_group_threshold": 5, "anonymise_after_months": 24},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    organisation = Organisation.objects.get(slug="kungalv")
    added = _defaults(organisation)
    assert added["courses"] == 3 and added["templates"] == 1 and added["template items"] > 0

    response = admin_client.post(
        f"/admin/districts/organisation/{organisation.pk}/change/",
        {"name": "Kungälv", "slug": "kungalv", "small_group_threshold": 3, "anonymise_after_months": 24},
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Kungälv" and _defaults(organisation) == added
