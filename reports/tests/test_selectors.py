import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from courses.models import Nomination, NominationStatus, RoundStatus
from courses.tests.factories import CourseFactory, CourseRoundFactory, del1_of
from districts.models import Area, Role, StaffMember
from districts.tests.factories import OrganisationFactory, StaffMemberFactory
from reports import selectors
from reports.filters import ReportFilters

pytestmark = pytest.mark.django_db

YEAR_2025 = ReportFilters(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31))


def _round(organisation, day, **fields):
    return CourseRoundFactory(course=fields.pop("course", None) or del1_of(organisation), session_dates=[day], **fields)


def test_reports_cover_the_own_organisations_rounds_of_the_period_except_cancelled_ones(world):
    coordinator = world.user(Role.UTBILDNINGSSAMORDNARE)
    march = _round(world.organisation, datetime.date(2025, 3, 10), status=RoundStatus.HELD)
    _round(world.organisation, datetime.date(2025, 4, 10), status=RoundStatus.CANCELLED)
    _round(world.organisation, datetime.date(2026, 3, 10))  # outside the period
    _round(OrganisationFactory(), datetime.date(2025, 3, 10))  # another organisation's
    deepening = _round(
        world.organisation, datetime.date(2025, 5, 5), course=CourseFactory(organisation=world.organisation)
    )
    assert set(selectors.rounds_for(user=coordinator, filters=YEAR_2025)) == {march, deepening}
    only_del1 = ReportFilters(start=YEAR_2025.start, end=YEAR_2025.end, course_id=march.course_id)
    assert list(selectors.rounds_for(user=coordinator, filters=only_del1)) == [march]
    assert not selectors.rounds_for(user=AnonymousUser(), filters=YEAR_2025).exists()


def _hires(world):
    """A 2025 hire in each district, one without a unit, and a unit manager (not a hire)."""
    angered = StaffMemberFactory(unit=world.own_unit, employment_start=datetime.date(2025, 2, 1))
    lundby = StaffMemberFactory(unit=world.other_unit, employment_start=datetime.date(2025, 3, 1))
    unitless = StaffMemberFactory(
        unit=None, organisation=world.organisation, employment_start=datetime.date(2025, 4, 1)
    )
    StaffMemberFactory(unit=world.own_unit, employment_start=datetime.date(2025, 5, 1), roles=[Role.ENHETSCHEF])
    return angered, lundby, unitless


def test_hires_are_counted_per_visible_district_and_unitless_ones_only_organisation_wide(world):
    angered, lundby, unitless = _hires(world)
    coordinator, support = world.user(Role.UTBILDNINGSSAMORDNARE), world.user(Role.UTBILDARSTOD)
    span = {"start": YEAR_2025.start, "end": YEAR_2025.end}
    assert set(selectors.hires_for(user=coordinator, filters=YEAR_2025, **span)) == {angered, lundby, unitless}
    assert set(selectors.hires_for(user=support, filters=YEAR_2025, **span)) == {angered}
    in_lundby = ReportFilters(**span, district_id=world.other_district.pk)
    assert set(selectors.hires_for(user=coordinator, filters=in_lundby, **span)) == {
        lundby
    }  # a district filter drops unitless
    in_vuxna = ReportFilters(**span, area=Area.VUXNA)
    assert set(selectors.hires_for(user=coordinator, filters=in_vuxna, **span)) == {lundby}
    # The count the capacity plan uses (`new_hires_count`) is compared with the dashboard's in test_new_hires.


def test_the_staff_condition_follows_a_path_to_the_staff_member(world):
    angered, lundby, unitless = _hires(world)
    course_round = _round(world.organisation, datetime.date(2025, 6, 2), status=RoundStatus.HELD)
    for staff in (angered, lundby, unitless):
        Nomination.objects.create(course_round=course_round, staff=staff, status=NominationStatus.COMPLETED)
    nominations = Nomination.objects.all()
    coordinator, support = world.user(Role.UTBILDNINGSSAMORDNARE), world.user(Role.UTBILDARSTOD)

    def counted(user, filters):
        return {
            n.staff for n in nominations.filter(selectors.staff_condition(user=user, filters=filters, path="staff"))
        }

    assert counted(coordinator, YEAR_2025) == {angered, lundby, unitless}
    assert counted(support, YEAR_2025) == {angered}
    area = ReportFilters(start=YEAR_2025.start, end=YEAR_2025.end, area=Area.BARN_OCH_UNGA)
    assert counted(coordinator, area) == {angered}


def test_the_scope_said_on_the_staff_row_keeps_the_staff_conditions_rows_for_every_reader_and_filter(world):
    angered, lundby, unitless = _hires(world)
    elsewhere = StaffMemberFactory(organisation=OrganisationFactory())  # another organisation's, with its unit
    course_round = _round(world.organisation, datetime.date(2025, 6, 2), status=RoundStatus.HELD)
    for staff in (angered, lundby, unitless, elsewhere):
        Nomination.objects.create(course_round=course_round, staff=staff, status=NominationStatus.COMPLETED)
    superuser = get_user_model().objects.create_superuser("root@example.se", "root@example.se", "x")
    span = {"start": YEAR_2025.start, "end": YEAR_2025.end}
    filters = [
        YEAR_2025,
        ReportFilters(**span, district_id=world.other_district.pk),
        ReportFilters(**span, area=Area.BARN_OCH_UNGA),
        ReportFilters(**span, organisation_id=world.organisation.pk),
    ]

    def staff(condition):
        return set(Nomination.objects.filter(condition).values_list("staff", flat=True))

    readers = [world.user(Role.HR), world.user(Role.UTBILDARSTOD), world.user(Role.ENHETSCHEF), superuser]
    for user in readers:
        for one in filters:
            kept = staff(selectors.staff_condition(user=user, filters=one, path="staff"))
            assert staff(selectors.staff_scope_condition(user=user, filters=one, path="staff")) == kept, (user, one)
    everyone = staff(selectors.staff_scope_condition(user=world.user(Role.HR), filters=YEAR_2025, path="staff"))
    assert everyone == {angered.pk, lundby.pk, unitless.pk}


def test_staff_without_a_unit_are_read_by_organisation_wide_readers_and_superusers_only(world):
    _angered, _lundby, unitless = _hires(world)
    superuser = get_user_model().objects.create_superuser("root@example.se", "root@example.se", "x")
    elsewhere = StaffMemberFactory(unit=None, organisation=OrganisationFactory())

    def unitless_for(user):
        return set(StaffMember.objects.filter(selectors.unitless_staff_condition(user=user)))

    assert unitless_for(world.user(Role.HR)) == {unitless}
    assert unitless_for(superuser) == {unitless, elsewhere}
    assert unitless_for(world.user(Role.ENHETSCHEF)) == unitless_for(world.user(Role.UTBILDARSTOD)) == set()
    assert selectors.reads_whole_organisation(user=world.user(Role.OMRADESCHEF))
    assert selectors.reads_whole_organisation(user=superuser)
    assert not selectors.reads_whole_organisation(user=world.user(Role.UTBILDARSTOD))


def test_the_small_group_threshold_is_the_organisations_and_the_strictest_of_several(world):
    world.organisation.small_group_threshold = 3
    world.organisation.save()
    assert selectors.suppressor_for(user=world.user(Role.UTBILDNINGSSAMORDNARE)).threshold == 3
    OrganisationFactory(small_group_threshold=8)
    superuser = get_user_model().objects.create_superuser("root@example.se", "root@example.se", "x")
    assert selectors.suppressor_for(user=superuser).threshold == 8
    only_own = ReportFilters(start=YEAR_2025.start, end=YEAR_2025.end, organisation_id=world.organisation.pk)
    assert selectors.suppressor_for(user=superuser, filters=only_own).threshold == 3
    assert selectors.suppressor_for(user=AnonymousUser()).threshold == 5  # no organisation: the default
