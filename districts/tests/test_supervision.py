"""The rule that only a Specialist or an Expert supervises a hire, in the staff service, the form and the import."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from districts import importing, supervision
from districts.models import CompetenceLevel, Role, SupervisorException
from districts.services import staff_update
from districts.tests.factories import StaffMemberFactory
from districts.tests.importing.files import csv_file, valid_rows
from districts.tests.test_services import _arguments

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("level", CompetenceLevel.values)
def test_only_specialist_and_expert_may_supervise(level):
    assert supervision.may_supervise(level) is (level in {CompetenceLevel.SPECIALIST, CompetenceLevel.EXPERT})


def _kunnig_senior(world):
    return StaffMemberFactory(
        unit=world.own_unit,
        roles=[Role.FORSTE_SOCIALSEKRETERARE],
        competence_level=CompetenceLevel.KUNNIG,
        first_name="Kim",
        last_name="Kunnig",
    )


def test_a_supervisor_below_specialist_is_refused_with_the_reason(world):
    senior = _kunnig_senior(world)
    with pytest.raises(ValidationError) as error:
        staff_update(staff=world.hire, actor=world.user(Role.ENHETSCHEF), **_arguments(world.hire, supervisor=senior))
    message = " ".join(error.value.message_dict["supervisor"])
    assert "Kim Kunnig har kompetensnivån Kunnig" in message
    assert "Bara en utbildningssamordnare kan göra ett undantag" in message
    world.hire.refresh_from_db()
    assert world.hire.supervisor == world.people[Role.FORSTE_SOCIALSEKRETERARE]


def test_a_coordinator_allows_it_with_a_recorded_reason(world):
    senior = _kunnig_senior(world)
    coordinator = world.user(Role.UTBILDNINGSSAMORDNARE)
    with pytest.raises(ValidationError, match="Skriv skälet"):
        staff_update(staff=world.hire, actor=coordinator, **_arguments(world.hire, supervisor=senior))
    staff_update(
        staff=world.hire,
        actor=coordinator,
        supervisor_exception_reason="Ingen Specialist i enheten under hösten.",
        **_arguments(world.hire, supervisor=senior),
    )
    world.hire.refresh_from_db()
    assert world.hire.supervisor == senior
    exception = SupervisorException.objects.get(staff=world.hire)
    assert (exception.supervisor, exception.granted_by, exception.supervisor_level) == (
        senior,
        coordinator,
        CompetenceLevel.KUNNIG,
    )
    assert exception.reason == "Ingen Specialist i enheten under hösten."
    assert exception.history.count() == 1


def test_an_unchanged_supervisor_is_not_checked_again(world):
    senior = world.people[Role.FORSTE_SOCIALSEKRETERARE]
    senior.competence_level = CompetenceLevel.AVANCERAD
    senior.save()
    staff_update(staff=world.hire, actor=None, **_arguments(world.hire, last_name="Omdöpt"))
    world.hire.refresh_from_db()
    assert world.hire.last_name == "Omdöpt"


def test_the_form_shows_the_reason_and_only_the_coordinator_gets_the_exception_field(client, world):
    senior = _kunnig_senior(world)
    url = reverse("districts:staff_edit", kwargs={"pk": world.hire.pk})
    client.force_login(world.user(Role.ENHETSCHEF))
    page = client.get(url)
    assert "supervisor_exception_reason" not in page.context["form"].fields
    assert "Kim Kunnig (Barn och unga Angered, Kunnig)" in page.content.decode()
    client.force_login(world.user(Role.UTBILDNINGSSAMORDNARE))
    from districts.tests.test_views import _edit_data

    response = client.post(url, _edit_data(world.hire, supervisor=senior.pk))
    assert response.status_code == 200
    assert "har kompetensnivån Kunnig" in " ".join(response.context["form"].errors["supervisor"])
    response = client.post(
        url, _edit_data(world.hire, supervisor=senior.pk, supervisor_exception_reason="Tillfälligt, under våren.")
    )
    assert response.status_code == 302
    assert SupervisorException.objects.filter(staff=world.hire, supervisor=senior).exists()
    detail = client.get(reverse("districts:staff_detail", kwargs={"pk": world.hire.pk})).content.decode()
    assert "Undantag: Kunnig, beslutat av Utbildningssamordnare Testsson" in detail
    assert "Tillfälligt, under våren." in detail


def test_the_import_refuses_a_supervisor_below_specialist(world):
    rows = valid_rows(world)
    rows[0] = rows[0].replace("Specialist", "Avancerad")
    plan = importing.plan_import(organisation=world.organisation, content=csv_file(*rows), filename="p.csv")
    errors = [error for error in plan.errors if "kompetensnivån" in error.message]
    assert [(error.line, error.column) for error in errors] == [(3, "1:e socialsekreterare")]
    assert "karin.lindqvist@example.se har kompetensnivån Avancerad" in errors[0].message


def test_the_import_honours_a_recorded_exception(world):
    senior = _kunnig_senior(world)
    SupervisorException.objects.create(
        staff=world.other_hire, supervisor=senior, supervisor_level="kunnig", granted_at="2026-01-01T00:00Z", reason="x"
    )
    unit = f"Lundby;{world.other_unit.name};Vuxna"
    row = (
        f"Otto;Annansson;{world.other_hire.work_email};{unit};Socialsekreterare;2025-09-01;tillsvidare;Nybörjare;;"
        f"man;{senior.work_email};;"
    )
    plan = importing.plan_import(organisation=world.organisation, content=csv_file(row), filename="p.csv")
    assert not plan.errors


def test_the_date_of_entering_the_profession_is_kept_unless_given(world):
    import datetime

    staff_update(staff=world.hire, actor=None, profession_start=datetime.date(2015, 8, 1), **_arguments(world.hire))
    staff_update(staff=world.hire, actor=None, **_arguments(world.hire, last_name="Omdöpt"))
    world.hire.refresh_from_db()
    assert world.hire.profession_start == datetime.date(2015, 8, 1)
    with pytest.raises(ValidationError) as error:
        staff_update(staff=world.hire, actor=None, profession_start=datetime.date(2099, 1, 1), **_arguments(world.hire))
    assert "profession_start" in error.value.message_dict


def test_the_import_reads_the_date_of_entering_the_profession(world):
    import datetime

    from districts.models import StaffMember
    from districts.tests.importing.files import HEADER, apply_file

    rows = [row + ";2009-06-15" for row in valid_rows(world)]
    rows[2] = rows[2].replace("1:e_socialsekreterare@example.se", "forste_socialsekreterare@example.se")
    apply_file(world, csv_file(*rows, header=HEADER + ";i yrket sedan"))
    assert StaffMember.objects.get(work_email="sara.holm@example.se").profession_start == datetime.date(2009, 6, 15)
    future = [valid_rows(world)[0] + ";2099-01-01"]
    plan = importing.plan_import(
        organisation=world.organisation, content=csv_file(*future, header=HEADER + ";i yrket sedan"), filename="p.csv"
    )
    assert [error.message for error in plan.errors] == ["dagen i yrket ligger i framtiden"]
