import datetime

import pytest
from django.db import connection
from django.http import Http404

from districts import clock, selectors
from districts.models import Role, StaffMember
from districts.search import LIKE_PRICE, StaffSearchText, matching_staff
from districts.tests.factories import StaffMemberFactory, UnitFactory

pytestmark = pytest.mark.django_db

R = Role


def test_a_new_hire_is_one_who_started_within_two_years_also_from_a_leap_day():
    assert selectors.new_hire_cutoff(today=datetime.date(2026, 12, 1)) == datetime.date(2024, 12, 1)
    assert selectors.new_hire_cutoff(today=datetime.date(2028, 2, 29)) == datetime.date(2026, 2, 28)
    assert selectors.new_hire_cutoff() == selectors.new_hire_cutoff(today=clock.today())


def test_someone_is_employed_until_the_end_of_their_last_day(world):
    today = clock.today()
    left = StaffMemberFactory(unit=world.own_unit, employment_end=today - datetime.timedelta(days=1))
    last_day = StaffMemberFactory(unit=world.own_unit, employment_end=today)
    employed = selectors.currently_employed(queryset=StaffMember.objects.all())
    assert last_day in employed and world.hire in employed and left not in employed
    assert left in StaffMember.objects.filter(selectors.employed_on(day=today - datetime.timedelta(days=1)))


def test_the_staff_list_is_scoped_filtered_and_ordered_by_name(world):
    hr, manager = world.user(R.HR), world.user(R.ENHETSCHEF)
    everyone = list(selectors.staff_list(user=hr))
    assert everyone == sorted(everyone, key=lambda s: (s.last_name, s.first_name, s.pk))
    assert world.other_hire in everyone and world.other_hire not in selectors.staff_list(user=manager)

    found = selectors.staff_list(user=hr, filters=selectors.StaffFilters(search="nora nyan"))
    assert list(found) == [world.hire]  # every word must match a name or the email
    hires = selectors.staff_list(user=hr, filters=selectors.StaffFilters(role=R.SOCIALSEKRETERARE))
    assert set(hires) == {world.hire, world.other_hire}
    lundby = selectors.staff_list(user=hr, filters=selectors.StaffFilters(district_id=world.other_district.pk))
    assert set(lundby) == {world.other_hire, world.other_unit_manager}


def test_a_search_word_matches_within_one_name_or_the_email_in_any_case(world):
    hr = world.user(R.HR)

    def found(search):
        return set(selectors.staff_list(user=hr, filters=selectors.StaffFilters(search=search)))

    assert found("NYANST") == {world.hire}
    assert found("ny.social nora") == {world.hire}
    assert world.hire in found("example.se") and world.other_hire in found("example.se")
    assert found("noranyan") == set() and found("nyanställd ny.") == {world.hire}
    assert found("ra Ny") == {world.hire} and found("raNy") == set()  # never across first and last name


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
def test_the_staff_search_can_be_answered_from_the_trigram_index(world):
    # Only the index's expression and the search's SQL agreeing lets PostgreSQL use it; with scans of the table
    # ruled out, a plan without the index means they no longer agree (districts migration 0013).
    search = matching_staff(queryset=StaffMember.objects.all(), search="nyan").values("pk")
    assert list(search) == [{"pk": world.hire.pk}]
    sql, params = search.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # Either trigram index answers a search of every organisation (0017's leads with the organisation).
    assert "staff_search_trgm_idx" in plan or "staff_org_search_trgm_idx" in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
def test_an_organisation_wide_search_keeps_the_organisation_as_the_bigint_the_index_looks_up(world):
    # The staff list states the organisation as a bigint, first (districts.selectors.staff_list): PostgreSQL keeps
    # one of two equal conditions, and only a bigint one can be looked up with the words in staff_org_search_trgm_idx
    # (districts migration 0017); kept as visible_staff's integer, every organisation's candidates are read.
    hr = world.user(R.HR)
    listed = selectors.staff_list(user=hr, filters=selectors.StaffFilters(search="nyan")).values("pk")
    assert list(listed) == [{"pk": world.hire.pk}]
    assert world.other_hire not in selectors.staff_list(user=hr, filters=selectors.StaffFilters(search="ny"))
    sql, params = listed.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    organisation = world.organisation.pk
    assert f"organisation_id = '{organisation}'::bigint" in plan
    assert f"organisation_id = {organisation})" not in plan and f"organisation_id = {organisation} " not in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's price is PostgreSQL's")
def test_every_staff_search_prices_each_word_the_index_can_look_up_and_keeps_the_same_matches(world):
    # A word of three letters or more gets the priced conditions (districts.search.LikeCost) so that the planner
    # picks the trigram index where it is selective; a shorter word, which the index cannot look up, does not.
    # Every caller gets them, and they change no match.
    hr = world.user(R.HR)

    def priced(search):
        queryset = matching_staff(queryset=StaffMember.objects.all(), search=search)
        sql = str(queryset.query)
        return sql.count("LIKE"), sql.count("IS NOT NULL"), set(queryset)

    assert priced("nyan ny") == (2, LIKE_PRICE, {world.hire})
    assert priced("NYAN ställd") == (2, 2 * LIKE_PRICE, {world.hire})
    assert priced("ny")[:2] == (1, 0)
    listed = selectors.staff_list(user=hr, filters=selectors.StaffFilters(search="NYAN"))
    assert str(listed.query).count("IS NOT NULL") == LIKE_PRICE and set(listed) == {world.hire}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's price is PostgreSQL's")
def test_the_priced_search_keeps_the_planners_estimate_of_the_matches(world):
    # The price must not read as a filter: a search reading the first few by name then walks the name index.
    StaffMemberFactory.create_batch(30, unit=world.own_unit)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE districts_staffmember")

    def estimate(queryset):
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
            return cursor.fetchone()[0][0]["Plan"]["Plan Rows"]

    plain = StaffMember.objects.alias(
        staff_search_text=StaffSearchText("first_name", "last_name", "work_email")
    ).filter(staff_search_text__icontains="nyan")
    priced = matching_staff(queryset=StaffMember.objects.all(), search="nyan")
    assert estimate(priced) >= 0.98 * estimate(plain)


def test_new_hires_and_people_who_have_left_are_filtered_on_the_given_day(world):
    hr = world.user(R.HR)
    today = clock.today()
    veteran = StaffMemberFactory(unit=world.own_unit, employment_start=today - datetime.timedelta(days=3 * 365))
    gone = StaffMemberFactory(unit=world.own_unit, employment_end=today - datetime.timedelta(days=5))
    new_hires = set(selectors.staff_list(user=hr, filters=selectors.StaffFilters(new_hires=True)))
    assert world.hire in new_hires and veteran not in new_hires
    assert gone not in selectors.staff_list(user=hr)
    assert gone in selectors.staff_list(user=hr, filters=selectors.StaffFilters(include_ended=True))
    a_week_ago = today - datetime.timedelta(days=7)
    assert gone in selectors.staff_list(user=hr, today=a_week_ago)  # still employed that day


def test_one_staff_member_outside_the_users_scope_is_a_404(world):
    manager = world.user(R.ENHETSCHEF)
    assert selectors.staff_get(user=manager, pk=world.hire.pk) == world.hire
    with pytest.raises(Http404):
        selectors.staff_get(user=manager, pk=world.other_hire.pk)
    assert selectors.staff_get_changeable(user=manager, pk=world.hire.pk) == world.hire
    with pytest.raises(Http404):
        selectors.staff_get_changeable(user=world.user(R.FORSTE_SOCIALSEKRETERARE), pk=world.hire.pk)


def test_supervised_hires_and_mentees_are_those_the_user_may_see(world):
    senior = world.people[R.FORSTE_SOCIALSEKRETERARE]
    mentee = StaffMemberFactory(unit=world.own_unit, mentor=world.hire)
    far_away = StaffMemberFactory(unit=world.other_unit, supervisor=senior)
    assert set(selectors.staff_supervised_by(user=world.user(R.HR), staff=senior)) == {world.hire, far_away}
    assert set(selectors.staff_supervised_by(user=world.user(R.ENHETSCHEF), staff=senior)) == {world.hire}
    assert list(selectors.staff_mentees_of(user=world.user(R.ENHETSCHEF), staff=world.hire)) == [mentee]


def test_candidates_to_supervise_are_the_organisations_forste_and_anyone_may_be_fadder(world):
    supervisors = selectors.supervisor_candidates(organisation_id=world.organisation.pk)
    assert list(supervisors) == [world.people[R.FORSTE_SOCIALSEKRETERARE]]
    mentors = selectors.mentor_candidates(organisation_id=world.organisation.pk)
    assert set(mentors) == set(StaffMember.objects.filter(organisation=world.organisation))


def test_district_and_unit_lists_count_the_visible_employed_staff_and_new_hires(world):
    today = clock.today()
    StaffMemberFactory(unit=world.own_unit, employment_end=today - datetime.timedelta(days=1))  # left: not counted
    StaffMemberFactory(unit=world.own_unit, employment_start=today - datetime.timedelta(days=4 * 365))
    empty = UnitFactory(district=world.own_district, name="Tom enhet")
    employed = selectors.currently_employed(queryset=StaffMember.objects.filter(unit=world.own_unit)).count()

    districts = {d.name: d for d in selectors.district_list(user=world.user(R.HR))}
    assert districts["Angered"].unit_count == 2 and districts["Angered"].staff_count == employed
    assert districts["Lundby"].staff_count == 2
    units = {u.name: u for u in selectors.unit_list(user=world.user(R.HR), district_id=world.own_district.pk)}
    assert units[world.own_unit.name].staff_count == employed
    # New hires are the socialsekreterare of the last two years still employed: not the one hired four years
    # ago, not the leaver, not the unit's enhetschef or 1:e socialsekreterare who also started this year.
    social_workers = [
        staff
        for staff in selectors.currently_employed(queryset=StaffMember.objects.filter(unit=world.own_unit))
        if Role.SOCIALSEKRETERARE in set(staff.roles.values_list("role", flat=True))
    ]
    assert len(social_workers) >= 2 and employed > len(social_workers)
    assert units[world.own_unit.name].new_hire_count == len(social_workers) - 1
    assert units[empty.name].staff_count == 0
    assert list(selectors.district_list(user=world.user(R.ENHETSCHEF))) == [world.own_district]
    choices = selectors.filter_choices(user=world.user(R.UTBILDARSTOD))
    assert list(choices["districts"]) == [world.own_district]
    assert set(choices["units"]) == {world.own_unit, empty}


def test_the_hires_one_follows_are_the_current_ones_of_the_own_unit_or_supervised(world):
    today = clock.today()
    left = StaffMemberFactory(
        unit=world.own_unit, roles=[R.SOCIALSEKRETERARE], employment_end=today - datetime.timedelta(days=1)
    )
    old_hand = StaffMemberFactory(
        unit=world.own_unit, roles=[R.SOCIALSEKRETERARE], employment_start=today - datetime.timedelta(days=3 * 365)
    )
    unit = set(selectors.unit_hires(user=world.user(R.ENHETSCHEF)))
    assert world.hire in unit and left not in unit and old_hand not in unit
    assert world.other_hire not in unit
    assert list(selectors.supervised_hires(user=world.user(R.FORSTE_SOCIALSEKRETERARE))) == [world.hire]
    assert not selectors.unit_hires(user=world.user(R.HR)).exists()  # HR leads no unit


def test_current_hires_probing_the_role_are_the_people_of_the_joined_definition_once_each(world):
    today = clock.today()
    two_roles = StaffMemberFactory(unit=world.own_unit, roles=[R.SOCIALSEKRETERARE, R.FORSTE_SOCIALSEKRETERARE])
    other_role = StaffMemberFactory(unit=world.own_unit, roles=[R.ENHETSCHEF])
    no_role = StaffMemberFactory(unit=world.own_unit)
    no_role.roles.all().delete()
    start, end = selectors.new_hire_window(today=today)
    joined = StaffMember.objects.filter(selectors.new_hire_condition(start=start, end=end, today=today)).distinct()
    probed = selectors.current_hires(queryset=StaffMember.objects.all(), today=today)
    assert sorted(probed.values_list("pk", flat=True)) == sorted(joined.values_list("pk", flat=True))
    assert two_roles in probed and probed.filter(pk=two_roles.pk).count() == 1  # one row, no DISTINCT needed
    assert other_role not in probed and no_role not in probed and world.hire in probed
    with pytest.raises(ValueError):  # the probe looks at the outer row itself, not at a related one
        selectors.new_hire_condition(start=start, prefix="staff__", role_by_row=True)


def test_a_staff_member_moves_only_to_visible_units_of_their_organisation_and_imports_go_to_the_own(world):
    UnitFactory()  # another organisation's
    hr = world.user(R.HR)
    assert set(selectors.units_for_staff(user=hr, staff=world.hire)) == {world.own_unit, world.other_unit}
    assert list(selectors.units_for_staff(user=world.user(R.ENHETSCHEF), staff=world.hire)) == [world.own_unit]
    assert selectors.own_organisation(user=hr) == world.organisation
