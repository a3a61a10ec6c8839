import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from districts import clock
from districts.models import Area, CompetenceLevel, Role, StaffMember, StaffRole
from districts.tests.factories import StaffMemberFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _login(client, world, role):
    client.force_login(world.user(role))


def _listed(response) -> set[str]:
    """Return the last names on the shown page of a staff table."""
    assert response.status_code == 200
    return {person.last_name for person in response.context["page"].object_list}


def test_enhetschef_sees_only_own_unit_on_the_staff_list(client, world):
    _login(client, world, Role.ENHETSCHEF)
    listed = _listed(client.get(reverse("districts:staff_list")))
    assert "Nyanställd" in listed  # world.hire
    assert "Annansson" not in listed  # world.other_hire in another district


def test_hr_sees_the_whole_organisation(client, world):
    _login(client, world, Role.HR)
    listed = _listed(client.get(reverse("districts:staff_list")))
    assert "Nyanställd" in listed and "Annansson" in listed


def test_search_matches_name_and_email(client, world):
    _login(client, world, Role.HR)
    by_name = _listed(client.get(reverse("districts:staff_list"), {"q": "otto annans"}))
    assert "Annansson" in by_name and "Nyanställd" not in by_name
    by_email = _listed(client.get(reverse("districts:staff_list"), {"q": "ny.socialsekreterare@"}))
    assert "Nyanställd" in by_email and "Annansson" not in by_email


def test_filters_narrow_the_list(client, world):
    StaffMemberFactory(
        unit=world.own_unit,
        last_name="Veteransson",
        employment_start=datetime.date(2001, 1, 1),
        competence_level=CompetenceLevel.EXPERT,
    )
    _login(client, world, Role.HR)
    url = reverse("districts:staff_list")
    new_hires = _listed(client.get(url, {"new_hires": "on"}))
    assert "Nyanställd" in new_hires and "Veteransson" not in new_hires
    experts = _listed(client.get(url, {"competence_level": CompetenceLevel.EXPERT}))
    assert "Veteransson" in experts and "Nyanställd" not in experts
    other_district = _listed(client.get(url, {"district": world.other_district.pk}))
    assert "Annansson" in other_district and "Veteransson" not in other_district
    vuxna = _listed(client.get(url, {"area": Area.VUXNA}))
    assert "Annansson" in vuxna and "Nyanställd" not in vuxna
    hr_role = _listed(client.get(url, {"role": Role.HR}))
    assert "Testsson" in hr_role and "Nyanställd" not in hr_role


def test_the_district_and_unit_filters_offer_every_visible_one_and_keep_the_chosen_one(client, world):
    world.own_unit.name = "Barn & unga <syd>"
    world.own_unit.save()
    _login(client, world, Role.HR)
    page = client.get(reverse("districts:staff_list"), {"unit": world.own_unit.pk}).content.decode()
    chosen = f'<option value="{world.own_unit.pk}" selected>Barn &amp; unga &lt;syd&gt; ({world.own_district.name})'
    assert chosen in page
    assert f'<option value="{world.other_unit.pk}">' in page
    nothing_chosen = re.search(
        r'name="district" class="form-select" id="id_district">\s*<option value="" selected>Alla<', page
    )
    assert nothing_chosen
    assert f'<option value="{world.other_district.pk}">{world.other_district.name}</option>' in page


def test_the_district_and_unit_filters_offer_them_as_they_are_now_request_after_request(client, world):
    # Their reads are compiled once a reader's scope (districts.selectors.unit_options): the SQL is kept, not the rows.
    _login(client, world, Role.HR)
    url = reverse("districts:staff_list")
    assert f'<option value="{world.own_unit.pk}">{world.own_unit.name} (' in client.get(url).content.decode()
    world.own_unit.name, world.own_district.name = "Mottagningen Nord", "Angered Norr"
    world.own_unit.save()
    world.own_district.save()
    added = UnitFactory(district=world.other_district, name="Nyöppnad")
    page = client.get(url).content.decode()
    assert f'<option value="{world.own_unit.pk}">Mottagningen Nord (Angered Norr)</option>' in page
    assert f'<option value="{world.own_district.pk}">Angered Norr</option>' in page
    assert f'<option value="{added.pk}">Nyöppnad ({world.other_district.name})</option>' in page


def test_a_unit_out_of_scope_in_the_filter_is_ignored_not_an_error(client, world):
    _login(client, world, Role.ENHETSCHEF)
    response = client.get(reverse("districts:staff_list"), {"unit": world.other_unit.pk})
    assert "Annansson" not in _listed(response)


def test_pagination_keeps_the_filters_in_page_links(client, world):
    for number in range(55):
        StaffMemberFactory(unit=world.own_unit, last_name=f"Sidsson{number:02d}")
    _login(client, world, Role.HR)
    response = client.get(reverse("districts:staff_list"), {"q": "sidsson"})
    content = response.content.decode()
    assert response.context["page"].paginator.num_pages == 2
    assert "?q=sidsson&amp;sida=2" in content
    second = _listed(client.get(reverse("districts:staff_list"), {"q": "sidsson", "sida": 2}))
    assert "Sidsson54" in second and "Sidsson00" not in second


def _many_staff(world, count):
    supervisor = world.people[Role.FORSTE_SOCIALSEKRETERARE]
    for _number in range(count):
        StaffMemberFactory(unit=world.own_unit, supervisor=supervisor, mentor=supervisor)


@pytest.mark.parametrize(
    "url_name,kwargs",
    [
        ("districts:staff_list", lambda world: {}),
        ("districts:unit_detail", lambda world: {"pk": world.own_unit.pk}),
        ("districts:unit_list", lambda world: {}),
        ("districts:district_list", lambda world: {}),
        ("districts:district_detail", lambda world: {"pk": world.own_district.pk}),
    ],
)
def test_list_pages_do_not_grow_queries_with_rows(client, world, django_assert_max_num_queries, url_name, kwargs):
    _login(client, world, Role.HR)
    url = reverse(url_name, kwargs=kwargs(world))
    _many_staff(world, 5)
    for number in range(5):
        UnitFactory(district=world.own_district, name=f"Extra {number}")
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    _many_staff(world, 55)
    for number in range(55):
        UnitFactory(district=world.own_district, name=f"Fler {number}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_staff_detail_shows_supervisor_and_mentor(client, world):
    mentor = StaffMemberFactory(unit=world.own_unit, first_name="Maja", last_name="Faddersson")
    world.hire.mentor = mentor
    world.hire.save()
    _login(client, world, Role.ENHETSCHEF)
    response = client.get(reverse("districts:staff_detail", kwargs={"pk": world.hire.pk}))
    content = response.content.decode()
    assert "1:e Testsson" in content and "Maja Faddersson" in content
    assert reverse("districts:staff_edit", kwargs={"pk": world.hire.pk}) in content


def test_guessed_id_of_another_district_answers_404_page_in_swedish(client, world):
    _login(client, world, Role.ENHETSCHEF)
    response = client.get(reverse("districts:staff_detail", kwargs={"pk": world.other_hire.pk}))
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


def _edit_data(staff, **overrides):
    data = {
        "first_name": staff.first_name,
        "last_name": staff.last_name,
        "work_email": staff.work_email,
        "unit": staff.unit_id,
        "employment_start": staff.employment_start.isoformat() if staff.employment_start else "",
        "employment_end": "",
        "employment_type": staff.employment_type,
        "competence_level": staff.competence_level,
        "introduction_profile": staff.introduction_profile,
        "gender": staff.gender,
        "supervisor": staff.supervisor_id or "",
        "mentor": staff.mentor_id or "",
    }
    data.update(overrides)
    return data


def test_enhetschef_edits_a_hire_of_the_unit(client, world):
    mentor = StaffMemberFactory(unit=world.own_unit)
    _login(client, world, Role.ENHETSCHEF)
    url = reverse("districts:staff_edit", kwargs={"pk": world.hire.pk})
    response = client.post(url, _edit_data(world.hire, mentor=mentor.pk, competence_level=CompetenceLevel.KUNNIG))
    assert response.status_code == 302
    world.hire.refresh_from_db()
    assert world.hire.mentor == mentor
    assert world.hire.competence_level == CompetenceLevel.KUNNIG


def test_enhetschef_cannot_assign_roles_but_hr_can(client, world):
    url = reverse("districts:staff_edit", kwargs={"pk": world.hire.pk})
    _login(client, world, Role.ENHETSCHEF)
    assert "roles" not in client.get(url).context["form"].fields
    response = client.post(url, _edit_data(world.hire, roles=[Role.HR]))
    assert response.status_code == 302
    assert not world.hire.roles.filter(role=Role.HR).exists()
    client.logout()
    _login(client, world, Role.HR)
    response = client.post(url, _edit_data(world.hire, roles=[Role.SOCIALSEKRETERARE, Role.UTBILDARSTOD]))
    assert response.status_code == 302
    assert set(world.hire.roles.values_list("role", flat=True)) == {Role.SOCIALSEKRETERARE, Role.UTBILDARSTOD}


def test_supervisor_must_be_a_forste_socialsekreterare(client, world):
    _login(client, world, Role.HR)
    url = reverse("districts:staff_edit", kwargs={"pk": world.hire.pk})
    not_forste = world.people[Role.UTBILDARSTOD]
    response = client.post(url, _edit_data(world.hire, supervisor=not_forste.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["supervisor"]


def test_reversed_dates_and_taken_email_are_form_errors_not_500(client, world):
    _login(client, world, Role.HR)
    url = reverse("districts:staff_edit", kwargs={"pk": world.hire.pk})
    response = client.post(
        url,
        _edit_data(world.hire, employment_start="2025-05-01", employment_end="2025-01-01", work_email="HR@example.se"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "employment_end" in errors and "work_email" in errors
    world.hire.refresh_from_db()
    assert world.hire.work_email == "ny.socialsekreterare@example.se"


def test_staff_member_without_unit_can_be_shown(client, world):
    loose = StaffMember.objects.create(
        organisation=world.organisation, first_name="Utan", last_name="Enhet", work_email="utan@example.se"
    )
    _login(client, world, Role.HR)
    assert client.get(reverse("districts:staff_detail", kwargs={"pk": loose.pk})).status_code == 200
    assert client.get(reverse("districts:staff_edit", kwargs={"pk": loose.pk})).status_code == 200


def test_people_who_have_left_are_listed_only_when_asked_for(client, world):
    today = clock.today()
    StaffMemberFactory(
        unit=world.own_unit,
        last_name="Slutadsson",
        employment_start=today - datetime.timedelta(days=400),
        employment_end=today - datetime.timedelta(days=1),
    )
    StaffMemberFactory(
        unit=world.own_unit,
        last_name="Sistadagsson",
        employment_start=today - datetime.timedelta(days=400),
        employment_end=today,
    )
    _login(client, world, Role.HR)
    url = reverse("districts:staff_list")
    current = _listed(client.get(url))
    assert "Slutadsson" not in current
    assert "Sistadagsson" in current and "Nyanställd" in current  # still employed on the last day
    response = client.get(url, {"include_ended": "on"})
    assert "Slutadsson" in _listed(response) and "Nyanställd" in _listed(response)
    assert "Avslutad" in response.content.decode()
    assert "Slutadsson" not in _listed(client.get(reverse("districts:unit_detail", kwargs={"pk": world.own_unit.pk})))


def test_unit_and_district_counts_leave_out_people_who_have_left(client, world):
    _login(client, world, Role.HR)
    units = {unit.pk: unit for unit in client.get(reverse("districts:unit_list")).context["page"].object_list}
    before = units[world.own_unit.pk].staff_count
    districts = {d.pk: d for d in client.get(reverse("districts:district_list")).context["districts"]}
    district_before = districts[world.own_district.pk].staff_count
    StaffMemberFactory(
        unit=world.own_unit,
        employment_start=datetime.date(2020, 1, 1),
        employment_end=clock.today() - datetime.timedelta(days=3),
    )
    StaffMemberFactory(unit=world.own_unit)
    units = {unit.pk: unit for unit in client.get(reverse("districts:unit_list")).context["page"].object_list}
    assert units[world.own_unit.pk].staff_count == before + 1
    districts = {d.pk: d for d in client.get(reverse("districts:district_list")).context["districts"]}
    assert districts[world.own_district.pk].staff_count == district_before + 1


def test_a_mentor_who_has_left_is_not_offered_unless_already_set(client, world):
    today = clock.today()
    left = StaffMemberFactory(
        unit=world.own_unit, employment_start=datetime.date(2015, 1, 1), employment_end=today - datetime.timedelta(1)
    )
    stays = StaffMemberFactory(unit=world.own_unit)
    _login(client, world, Role.HR)
    url = reverse("districts:staff_edit", kwargs={"pk": world.hire.pk})
    offered = set(client.get(url).context["form"].fields["mentor"].queryset)
    assert stays in offered and left not in offered
    StaffMember.objects.filter(pk=world.hire.pk).update(mentor=left)
    assert left in set(client.get(url).context["form"].fields["mentor"].queryset)


def test_staff_detail_marks_someone_who_has_left(client, world):
    _login(client, world, Role.HR)
    url = reverse("districts:staff_detail", kwargs={"pk": world.hire.pk})
    assert 'data-testid="left-employment"' not in client.get(url).content.decode()
    world.hire.employment_end = clock.today() - datetime.timedelta(days=1)
    world.hire.save()
    assert 'data-testid="left-employment"' in client.get(url).content.decode()


def test_the_staff_table_names_roles_and_levels_as_their_display_does_in_each_language():
    for language in ("sv", "en"):
        with translation.override(language):
            for role in [*Role.values, "okänd"]:
                assert StaffRole(role=role).label == StaffRole(role=role).get_role_display(), (language, role)
            for level in [*CompetenceLevel.values, "okänd"]:
                person = StaffMember(competence_level=level)
                assert person.competence_label == person.get_competence_level_display(), (language, level)
