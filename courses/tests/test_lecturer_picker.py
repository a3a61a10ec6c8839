"""The session form's lecturer picker: groups in order, picking becomes the session's lecturer, refusals."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from courses import lecturers, services
from courses.forms import SessionForm
from courses.lecturer_picker import lecturer_picker
from courses.models import KeyPerson, ProgrammeArea
from courses.tests.factories import CourseRoundFactory, del2_of
from districts import clock
from districts.models import Role
from districts.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(world):
    """A Del 2 round whose one session covers Samverkan, and three people to pick: two key people, one support."""
    course = del2_of(world.organisation)
    course_round = CourseRoundFactory(course=course, session_dates=[clock.today() + datetime.timedelta(days=20)])
    session = course_round.sessions.get()
    session.modules.set(course.modules.filter(area=ProgrammeArea.SAMVERKAN))
    samverkan = StaffMemberFactory(unit=world.own_unit, first_name="Sara", last_name="Samverkan")
    regler = StaffMemberFactory(unit=world.other_unit, first_name="Rolf", last_name="Regel")
    KeyPerson.objects.create(staff=samverkan, area=ProgrammeArea.SAMVERKAN)
    KeyPerson.objects.create(staff=regler, area=ProgrammeArea.REGELVERK)
    KeyPerson.objects.create(staff=regler, area=ProgrammeArea.DOKUMENTATION)
    return course_round, session, samverkan, regler


def test_the_picker_groups_the_sessions_key_people_first_then_the_register_then_trainer_support(world, setting):
    course_round, session, samverkan, regler = setting
    support = world.people[Role.UTBILDARSTOD]
    left = StaffMemberFactory(
        unit=world.own_unit, employment_start=datetime.date(2015, 1, 1), employment_end=datetime.date(2020, 1, 1)
    )
    KeyPerson.objects.create(staff=left, area=ProgrammeArea.SAMVERKAN)
    StaffMemberFactory(roles=[Role.UTBILDARSTOD])  # another organisation's
    groups = lecturer_picker(user=world.user(Role.UTBILDNINGSSAMORDNARE), course_round=course_round, session=session)
    assert [(group.legend, [option.staff_id for option in group.options]) for group in groups] == [
        ("Nyckelpersoner för passets områden", [samverkan.pk]),
        ("Övriga nyckelpersoner", [regler.pk]),
        ("Utbildarstöd i organisationen", [support.pk]),
    ]
    # One person once, with every area they are key person for.
    assert groups[1].options[0].detail == "Dokumentation och kommunikation, Regelverk och riktlinjer · Vuxna Lundby"


def test_a_picked_key_person_becomes_the_sessions_lecturer_beside_one_named_by_email(world, setting):
    course_round, session, samverkan, regler = setting
    colleague = StaffMemberFactory(unit=world.own_unit)
    services.session_save(
        actor=world.user(Role.UTBILDNINGSSAMORDNARE),
        course_round=course_round,
        session=session,
        date=session.date,
        start_time=session.start_time,
        end_time=session.end_time,
        picked_lecturers=[samverkan.pk, regler.pk],
        lecturer_emails=[colleague.work_email, samverkan.work_email],  # named twice: counted once
    )
    assert set(session.lecturer_staff.all()) == {samverkan, regler, colleague}
    taught = lecturers.taught_days(lecturers=[samverkan.pk], year=session.date.year, today=session.date)
    assert taught[samverkan.pk].taught == 1


def test_the_service_refuses_a_person_of_another_organisation_or_one_who_left(world, setting):
    course_round, session, *_people = setting
    foreigner = StaffMemberFactory()
    left = StaffMemberFactory(
        unit=world.own_unit, employment_start=datetime.date(2015, 1, 1), employment_end=datetime.date(2020, 1, 1)
    )
    for person in (foreigner, left):
        with pytest.raises(ValidationError) as error:
            services.session_save(
                actor=world.user(Role.UTBILDNINGSSAMORDNARE),
                course_round=course_round,
                session=session,
                date=session.date,
                start_time=session.start_time,
                end_time=session.end_time,
                picked_lecturers=[person.pk],
            )
        assert error.value.message_dict["picked_lecturers"] == [
            "Välj föreläsare bland organisationens anställda medarbetare."
        ]
    assert not session.lecturer_staff.exists()


def test_the_form_accepts_only_offered_people_and_at_most_ten_lecturers_in_all(world, setting):
    course_round, session, samverkan, _regler = setting
    groups = lecturer_picker(user=world.user(Role.UTBILDNINGSSAMORDNARE), course_round=course_round, session=session)
    data = {"date": "2027-05-11", "start_time": "09:00", "end_time": "12:00"}
    stranger = StaffMemberFactory(unit=world.own_unit)
    form = SessionForm({**data, "picked_lecturers": [str(stranger.pk)]}, lecturer_groups=groups)
    assert form.errors["picked_lecturers"] == ["Välj föreläsare bland dem som listas."]
    emails = "\n".join(f"person{number}@example.se" for number in range(10))
    form = SessionForm(
        {**data, "picked_lecturers": [str(samverkan.pk)], "lecturer_emails": emails}, lecturer_groups=groups
    )
    assert form.errors["picked_lecturers"] == ["Ange högst 10 föreläsare."]
    form = SessionForm({**data, "picked_lecturers": [str(samverkan.pk)]}, lecturer_groups=groups)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["picked_lecturers"] == [samverkan.pk]


def test_the_session_page_ticks_picked_lecturers_and_keeps_others_in_the_email_field(client, world, setting):
    course_round, session, samverkan, _regler = setting
    colleague = StaffMemberFactory(unit=world.own_unit)
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    url = reverse("courses:session_edit", kwargs={"pk": session.pk})
    data = {"date": session.date.isoformat(), "start_time": "09:00", "end_time": "16:00", "place": "Stadshuset"}
    response = client.post(url, {**data, "picked_lecturers": [samverkan.pk], "lecturer_emails": colleague.work_email})
    assert response.status_code == 302
    assert set(session.lecturer_staff.all()) == {samverkan, colleague}
    page = client.get(url)
    assert page.context["form"].initial["picked_lecturers"] == [samverkan.pk]
    assert page.context["form"].initial["lecturer_emails"] == colleague.work_email
    html = page.content.decode()
    assert f'value="{samverkan.pk}" id="id_picked_lecturers_areas_{samverkan.pk}" checked' in html
    assert "<legend" in html and "Nyckelpersoner för passets områden" in html


def test_only_a_coordinator_reaches_the_picker(client, world, setting):
    _course_round, session, *_people = setting
    client.force_login(world.user(Role.ENHETSCHEF))
    assert client.get(reverse("courses:session_edit", kwargs={"pk": session.pk})).status_code in (403, 404)
