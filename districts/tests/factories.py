import datetime

import factory
from django.contrib.auth import get_user_model

from districts import clock
from districts.models import Area, District, Organisation, Role, StaffMember, StaffRole, Unit
from intro_program.onboarding import organisation_onboard

DEFAULT_PASSWORD = "test-password-123"


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An organisation onboarded as the product does (its default programme and checklist template).

    Pass `onboarded=False` for a bare one. This is the one import of a test of districts from above
    (intro_program.onboarding), allowed in `.importlinter`: the tests build what a real organisation has.
    """

    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Kommun {n}")
    slug = factory.Sequence(lambda n: f"kommun-{n}")

    @factory.post_generation
    def onboarded(organisation, create, extracted, **kwargs):
        if create and extracted is not False:
            organisation_onboard(organisation=organisation)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Stadsdel {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"Enhet {n}")
    area = Area.BARN_OCH_UNGA


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}@example.se")
    email = factory.SelfAttribute("username")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffMemberFactory(factory.django.DjangoModelFactory):
    """A staff member; pass `roles=[Role.X]` to give roles and `with_login=True` for a user."""

    class Meta:
        model = StaffMember
        skip_postgeneration_save = True

    unit = factory.SubFactory(UnitFactory)
    organisation = factory.LazyAttribute(lambda staff: staff.unit.district.organisation)
    first_name = factory.Sequence(lambda n: f"Förnamn{n}")
    last_name = factory.Sequence(lambda n: f"Efternamn{n}")
    work_email = factory.Sequence(lambda n: f"staff{n}@example.se")
    employment_start = factory.LazyFunction(lambda: clock.today() - datetime.timedelta(days=30))

    @factory.post_generation
    def roles(staff, create, extracted, **kwargs):
        for role in extracted or [Role.SOCIALSEKRETERARE]:
            StaffRole.objects.create(staff=staff, role=role)

    @factory.post_generation
    def with_login(staff, create, extracted, **kwargs):
        if extracted:
            staff.user = UserFactory(username=staff.work_email)
            staff.save(update_fields=["user"])
