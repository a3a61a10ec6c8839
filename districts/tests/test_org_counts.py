"""The organisation panel's kept counts (districts.org_counts): after every kind of write they are the counts from
scratch at once; they are kept only for the version and the day they were counted at."""

import datetime

import pytest
import time_machine

from districts import clock, org_counts
from districts.dashboard import counted_from_scratch, panels
from districts.models import OrganisationCounts, Role, StaffRole
from districts.tests.factories import DistrictFactory, OrganisationFactory, StaffMemberFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def only_staff_panels(settings):
    settings.DASHBOARD_PANEL_PROVIDERS = ["districts.dashboard.panels"]


def _shown(user) -> dict:
    (panel,) = [panel for panel in panels(user) if panel.template == "districts/panels/organisation.html"]
    return panel.context["counts"]


def _kept(world) -> OrganisationCounts:
    return OrganisationCounts.objects.get(organisation=world.organisation)


def _new_hire(world, **fields):
    staff = StaffMemberFactory(
        unit=world.own_unit, employment_start=clock.today() - datetime.timedelta(days=5), **fields
    )
    StaffRole.objects.get_or_create(staff=staff, role=Role.SOCIALSEKRETERARE)
    return staff


def test_the_counts_are_kept_once_counted_and_then_read_without_counting(world):
    hr = world.user(Role.HR)
    first = _shown(hr)
    kept = _kept(world)
    assert (kept.counted_version, kept.counted_on) == (kept.version, clock.today())
    assert _shown(hr) == first == counted_from_scratch(hr)
    # Read, not counted: a kept value that differs from the data is what the panel shows (never done but by hand).
    OrganisationCounts.objects.filter(pk=kept.pk).update(counts={**kept.counts, "staff": 9999})
    assert _shown(hr)["staff"] == 9999


def test_after_every_kind_of_write_the_panel_shows_the_counts_from_scratch_at_once(world):
    hr = world.user(Role.HR)
    before = _shown(hr)

    def check(**changed):
        shown = _shown(hr)
        assert shown == counted_from_scratch(hr)
        assert {name: shown[name] - before[name] for name in changed} == changed  # the write is seen
        before.update(shown)

    hire = _new_hire(world)  # a staff member and their role
    check(staff=1, hires=1, without_supervisor=1, without_mentor=1)
    hire.supervisor = world.people[Role.FORSTE_SOCIALSEKRETERARE]
    hire.save()
    check(without_supervisor=-1)
    hire.mentor = world.people[Role.SOCIALSEKRETERARE]
    hire.save()
    check(without_mentor=-1)
    StaffRole.objects.filter(staff=hire, role=Role.SOCIALSEKRETERARE).delete()  # a role taken away
    check(hires=-1)
    StaffRole.objects.create(staff=hire, role=Role.SOCIALSEKRETERARE)
    check(hires=1)
    hire.employment_end = clock.today() - datetime.timedelta(days=1)  # a leaver
    hire.save()
    check(staff=-1, hires=-1)
    district = DistrictFactory(organisation=world.organisation)
    check(districts=1)
    unit = UnitFactory(district=district)
    check(units=1)
    unit.delete()
    check(units=-1)
    other = _new_hire(world)
    check(staff=1, hires=1, without_supervisor=1, without_mentor=1)
    other.delete()
    check(staff=-1, hires=-1, without_supervisor=-1, without_mentor=-1)


def test_the_next_day_the_counts_are_counted_again(world):
    hr = world.user(Role.HR)
    hire = _new_hire(world)
    hire.employment_start = clock.today() - datetime.timedelta(days=2 * 365)  # leaves the two-year window tomorrow
    hire.save()
    today = _shown(hr)
    with time_machine.travel(datetime.datetime.combine(clock.today() + datetime.timedelta(days=2), datetime.time(12))):
        tomorrow = _shown(hr)
        assert tomorrow == counted_from_scratch(hr)
        assert tomorrow["hires"] == today["hires"] - 1
        assert _kept(world).counted_on == clock.today()


def test_counts_counted_before_a_write_are_not_kept_after_it(world):
    hr = world.user(Role.HR)
    version = _kept(world).version
    counts = {"staff": 1, "districts": 1, "units": 1, "hire_counts": [1, 1, 1]}
    _new_hire(world)  # committed while the (older) counting ran
    org_counts.keep(organisation_id=world.organisation.pk, today=clock.today(), version=version, counts=counts)
    assert _kept(world).counted_version is None
    assert _shown(hr) == counted_from_scratch(hr)


def test_a_new_organisation_has_its_row_before_any_write_can_bump_it():
    organisation = OrganisationFactory()
    assert OrganisationCounts.objects.filter(organisation=organisation, version=0, counts__isnull=True).exists()


def test_writes_in_bulk_through_audit_as_the_import_writes_are_seen_at_once(world):
    """The import creates and updates staff and roles in bulk (districts.audit): no signals, so bumped there."""
    from districts import audit
    from districts.models import StaffMember

    hr = world.user(Role.HR)
    before = _shown(hr)
    start = clock.today() - datetime.timedelta(days=3)
    people = [
        StaffMember(
            organisation=world.organisation,
            unit=world.own_unit,
            first_name="Bo",
            last_name=f"Bulk {n}",
            work_email=f"bulk{n}@example.org",
            employment_start=start,
        )
        for n in range(3)
    ]
    audit.bulk_create(people, StaffMember)
    assert _shown(hr)["staff"] == before["staff"] + 3 == counted_from_scratch(hr)["staff"]
    created = list(StaffMember.objects.filter(last_name__startswith="Bulk "))
    audit.bulk_create([StaffRole(staff=person, role=Role.SOCIALSEKRETERARE) for person in created], StaffRole)
    assert _shown(hr)["hires"] == before["hires"] + 3 == counted_from_scratch(hr)["hires"]
    for person in created:
        person.mentor = world.people[Role.SOCIALSEKRETERARE]
    audit.bulk_update(created, StaffMember, ["mentor"])
    assert _shown(hr) == counted_from_scratch(hr)
    assert _shown(hr)["without_mentor"] == before["without_mentor"]


def test_a_queryset_update_of_each_counted_model_is_seen_at_once(world):
    """`update()` sends no signal: the models' queryset bumps the version (districts.models.CountedQuerySet)."""
    from districts.models import District, StaffMember, Unit

    hr = world.user(Role.HR)
    hire = _new_hire(world)
    before = _shown(hr)

    def check(**changed):
        shown = _shown(hr)
        assert shown == counted_from_scratch(hr)
        assert {name: shown[name] - before[name] for name in changed} == changed
        before.update(shown)

    StaffMember.objects.filter(pk=hire.pk).update(supervisor=world.people[Role.FORSTE_SOCIALSEKRETERARE])
    check(without_supervisor=-1)
    StaffMember.objects.filter(pk=hire.pk).update(employment_end=clock.today())  # her last day: no longer a hire
    check(hires=-1, without_mentor=-1)
    StaffMember.objects.filter(pk=hire.pk).update(employment_end=None)
    check(hires=1, without_mentor=1)
    StaffRole.objects.filter(staff=hire).update(role=Role.HR)  # no longer a socialsekreterare
    check(hires=-1)
    elsewhere = OrganisationFactory()
    elsewhere_district = DistrictFactory(organisation=elsewhere)
    StaffMember.objects.filter(pk=hire.pk).update(organisation=elsewhere, unit=None)  # moved away
    check(staff=-1)
    District.objects.filter(pk=elsewhere_district.pk).update(organisation=world.organisation)  # moved here
    check(districts=1)
    unit = UnitFactory(district=elsewhere_district)
    check(units=1)
    Unit.objects.filter(pk=unit.pk).update(district=DistrictFactory(organisation=elsewhere))  # moved away
    check(units=-1)


def test_the_models_bulk_writes_are_seen_at_once_whoever_calls_them(world):
    from districts.models import StaffMember

    hr = world.user(Role.HR)
    before = _shown(hr)
    people = StaffMember.objects.bulk_create(
        StaffMember(
            organisation=world.organisation,
            first_name="Bo",
            last_name=f"Direct {n}",
            work_email=f"direct{n}@example.org",
            employment_start=clock.today() - datetime.timedelta(days=3),
        )
        for n in range(2)
    )
    assert _shown(hr)["staff"] == before["staff"] + 2 == counted_from_scratch(hr)["staff"]
    StaffRole.objects.bulk_create([StaffRole(staff=person, role=Role.SOCIALSEKRETERARE) for person in people])
    assert _shown(hr)["hires"] == before["hires"] + 2 == counted_from_scratch(hr)["hires"]
    for person in people:
        person.employment_end = clock.today() - datetime.timedelta(days=1)
    StaffMember.objects.bulk_update(people, ["employment_end"])
    assert _shown(hr) == counted_from_scratch(hr) and _shown(hr)["staff"] == before["staff"]
