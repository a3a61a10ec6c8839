import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from districts import access
from districts.models import District, Role, StaffMember, StaffRole, Unit
from districts.tests.factories import OrganisationFactory, StaffMemberFactory, UnitFactory

pytestmark = pytest.mark.django_db

R = Role


def _emails(queryset) -> set[str]:
    return set(queryset.values_list("work_email", flat=True))


def test_each_role_sees_its_own_scope_of_staff_and_never_another_organisation(world):
    elsewhere = StaffMemberFactory(unit=UnitFactory(district__organisation=OrganisationFactory()))
    own_unit = _emails(StaffMember.objects.filter(unit=world.own_unit))
    organisation = _emails(StaffMember.objects.filter(organisation=world.organisation))
    assert elsewhere.work_email not in organisation
    expected = {
        R.UTBILDNINGSSAMORDNARE: organisation,
        R.HR: organisation,
        R.OMRADESCHEF: organisation,
        R.UTBILDARSTOD: own_unit,  # every person of the own district works in the own unit
        R.ENHETSCHEF: own_unit,
        R.FORSTE_SOCIALSEKRETERARE: {world.people[R.FORSTE_SOCIALSEKRETERARE].work_email, world.hire.work_email},
        R.SOCIALSEKRETERARE: {world.hire.work_email},
    }
    for role, emails in expected.items():
        assert _emails(access.visible_staff(world.user(role))) == emails, role
    assert world.other_hire.work_email in organisation - own_unit
    assert not access.visible_staff(AnonymousUser()).exists()


def test_a_district_role_reaches_the_whole_district_and_several_roles_get_the_union(world):
    second_unit = UnitFactory(district=world.own_district, name="Vuxna Angered")
    colleague = StaffMemberFactory(unit=second_unit)
    support = world.user(R.UTBILDARSTOD)
    assert colleague in access.visible_staff(support)
    assert colleague not in access.visible_staff(world.user(R.ENHETSCHEF))

    # A 1:e socialsekreterare in Lundby who also is the enhetschef there: their hires and the Lundby unit.
    both = StaffMemberFactory(unit=world.other_unit, roles=[R.FORSTE_SOCIALSEKRETERARE, R.ENHETSCHEF], with_login=True)
    supervised = StaffMemberFactory(unit=world.own_unit, supervisor=both)
    seen = set(access.visible_staff(both.user))
    assert {both, supervised, world.other_hire, world.other_unit_manager} <= seen
    assert world.hire not in seen


def test_a_superuser_without_a_staff_record_sees_everything_and_may_do_everything(world):
    admin = get_user_model().objects.create_superuser("root@example.se", "root@example.se", "x")
    assert access.visible_staff(admin).count() == StaffMember.objects.count()
    assert access.visible_districts(admin).count() == District.objects.count()
    assert all(access.has_capability(admin, capability) for capability in access.Capability)


def test_capabilities_follow_the_table_for_every_role(world):
    for role in Role:
        user = world.user(role)
        for capability, roles in access.CAPABILITY_ROLES.items():
            assert access.has_capability(user, capability) == (role in roles), (role, capability)
    assert not access.has_capability(AnonymousUser(), access.Capability.VIEW_REPORTS)


def test_require_capability_answers_403_without_it_and_calls_the_view_with_it(world):
    @access.require_capability(access.Capability.IMPORT_STAFF)
    def view(request):
        return "called"

    request = RequestFactory().get("/")
    request.user = world.user(R.HR)
    assert view(request) == "called"
    request.user = world.user(R.ENHETSCHEF)
    with pytest.raises(PermissionDenied):
        view(request)


def test_who_may_change_which_staff(world):
    organisation = set(StaffMember.objects.filter(organisation=world.organisation))
    unit = set(StaffMember.objects.filter(unit=world.own_unit))
    assert set(access.changeable_staff(world.user(R.HR))) == organisation
    assert set(access.changeable_staff(world.user(R.UTBILDNINGSSAMORDNARE))) == organisation
    assert set(access.changeable_staff(world.user(R.ENHETSCHEF))) == unit
    for role in (R.OMRADESCHEF, R.UTBILDARSTOD, R.FORSTE_SOCIALSEKRETERARE, R.SOCIALSEKRETERARE):
        assert not access.changeable_staff(world.user(role)).exists(), role
    assert access.can_change_staff(world.user(R.ENHETSCHEF), world.hire)
    assert not access.can_change_staff(world.user(R.ENHETSCHEF), world.other_hire)
    assert access.can_change_staff(world.user(R.HR), world.other_hire)
    assert not access.can_change_staff(world.user(R.UTBILDARSTOD), world.hire)


def test_each_role_looks_after_its_own_circle_and_nobody_without_the_role(world):
    colleague = StaffMemberFactory(unit=UnitFactory(district=world.own_district, name="Vuxna Angered"))
    circle = access.staff_in_circle
    assert world.other_hire in circle(world.user(R.OMRADESCHEF), access.Circle.ORGANISATION)
    district = set(circle(world.user(R.UTBILDARSTOD), access.Circle.DISTRICT))
    assert {colleague, world.hire} <= district and world.other_hire not in district
    unit = set(circle(world.user(R.ENHETSCHEF), access.Circle.UNIT))
    assert world.hire in unit and colleague not in unit and world.other_hire not in unit
    assert list(circle(world.user(R.FORSTE_SOCIALSEKRETERARE), access.Circle.SUPERVISED)) == [world.hire]
    # A circle belongs to a role: HR leads no unit, the enhetschef supervises nobody, a hire follows no one.
    assert not circle(world.user(R.HR), access.Circle.UNIT).exists()
    assert not circle(world.user(R.ENHETSCHEF), access.Circle.SUPERVISED).exists()
    assert not circle(world.user(R.SOCIALSEKRETERARE), access.Circle.ORGANISATION).exists()


def test_visible_organisations_districts_and_units_per_role(world):
    OrganisationFactory()  # another organisation, with districts nobody here sees
    coordinator, support, manager = (
        world.user(role) for role in (R.UTBILDNINGSSAMORDNARE, R.UTBILDARSTOD, R.ENHETSCHEF)
    )
    assert list(access.visible_organisations(coordinator)) == [world.organisation]
    assert set(access.visible_districts(coordinator)) == {world.own_district, world.other_district}
    assert set(access.visible_units(coordinator)) == {world.own_unit, world.other_unit}
    assert list(access.visible_districts(support)) == [world.own_district]
    assert list(access.visible_units(support)) == [world.own_unit]
    assert list(access.visible_units(manager)) == [world.own_unit]
    assert list(access.visible_districts(manager)) == [world.own_district]
    unitless = StaffMemberFactory(unit=None, organisation=world.organisation, with_login=True)
    assert not access.visible_units(unitless.user).exists() and not access.visible_districts(unitless.user).exists()


def test_other_apps_rows_are_scoped_through_their_staff_member_or_organisation(world):
    roles = StaffRole.objects.all()
    senior = world.user(R.FORSTE_SOCIALSEKRETERARE)
    scoped = access.restrict_by_staff(senior, roles, "staff")
    assert set(scoped.values_list("staff", flat=True)) == {world.people[R.FORSTE_SOCIALSEKRETERARE].pk, world.hire.pk}
    assert not access.restrict_by_staff(AnonymousUser(), roles, "staff").exists()

    UnitFactory(district__organisation=OrganisationFactory())
    units = access.restrict_by_organisation(world.user(R.HR), Unit.objects.all(), "district__organisation")
    assert set(units) == {world.own_unit, world.other_unit}
    assert not access.restrict_by_organisation(AnonymousUser(), Unit.objects.all(), "district__organisation").exists()


def test_the_scope_is_loaded_once_per_user_object(world, django_assert_num_queries):
    user = get_user_model().objects.get(pk=world.user(R.ENHETSCHEF).pk)  # as read without the login's join
    with django_assert_num_queries(2):  # the staff member, then its roles
        scope = access.scope_for(user)
    with django_assert_num_queries(0):
        assert access.scope_for(user) is scope
    assert scope.unit_id == world.own_unit.pk and scope.roles == {R.ENHETSCHEF} and not scope.is_organisation_wide


def test_the_scope_of_a_login_that_joined_its_staff_member_reads_only_the_roles(world, django_assert_num_queries):
    from districts.backends import EmployedStaffBackend as Backend

    user = Backend().get_user(world.user(R.ENHETSCHEF).pk)  # the session's user: staff member and unit joined
    with django_assert_num_queries(1):
        scope = access.scope_for(user)
    assert scope.unit_id == world.own_unit.pk and scope.roles == {R.ENHETSCHEF}


def test_the_joined_staff_condition_keeps_the_same_rows_as_the_subquery_for_every_role(world):
    # A plan list sorted by name filters on the joined staff row where it can walk the name index: same rows.
    StaffMemberFactory(unit=UnitFactory(district__organisation=OrganisationFactory()))  # nobody here sees them
    roles = StaffRole.objects.all()
    two_roles = StaffMemberFactory(
        unit=world.other_unit, roles=[R.ENHETSCHEF, R.FORSTE_SOCIALSEKRETERARE], with_login=True
    )
    for user in [world.user(role) for role in R] + [two_roles.user]:
        joined = access.restrict_by_joined_staff(user, roles, "staff")
        expected = access.restrict_by_staff(user, roles, "staff")
        assert sorted(joined.values_list("pk", flat=True)) == sorted(expected.values_list("pk", flat=True)), user
        assert joined.exists(), user
        # On the join for an organisation's readers; the small circles of the others stay a subquery.
        assert (" IN (SELECT" not in str(joined.query)) == access.scope_for(user).is_organisation_wide, user
    assert not access.restrict_by_joined_staff(AnonymousUser(), roles, "staff").exists()
