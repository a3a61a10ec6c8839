import datetime
import io

import pytest
from django.urls import reverse

from districts import importing, services
from districts.models import CompetenceLevel, Role, StaffMember, StaffRole
from districts.services import staff as staff_services
from districts.signals import hires_added
from districts.tests.importing.files import apply_file, csv_file, valid_rows

pytestmark = pytest.mark.django_db


def test_a_valid_file_creates_staff_with_roles_supervisors_and_mentors(world):
    # The world's 1:e socialsekreterare has the email "forste_socialsekreterare@example.se".
    rows = valid_rows(world)
    rows[2] = rows[2].replace("1:e_socialsekreterare@example.se", "forste_socialsekreterare@example.se")
    plan = apply_file(world, csv_file(*rows))
    assert len(plan.creates) == 3
    sara = StaffMember.objects.get(work_email="sara.holm@example.se")
    amir = StaffMember.objects.get(work_email="amir.haddad@example.se")
    assert sara.supervisor.work_email == "karin.lindqvist@example.se"
    assert sara.mentor == world.hire
    assert amir.supervisor == world.people[Role.FORSTE_SOCIALSEKRETERARE]
    assert amir.mentor == sara
    assert amir.employment_end == datetime.date(2026, 12, 31)
    assert set(amir.roles.values_list("role", flat=True)) == {Role.SOCIALSEKRETERARE, Role.UTBILDARSTOD}
    assert sara.introduction_profile == "nyexaminerad"


def test_one_bad_row_saves_nothing_and_names_row_column_and_reason(world, client):
    rows = valid_rows(world)
    rows[1] = rows[1].replace("2025-09-01", "2025-13-01")
    before = StaffMember.objects.count()
    client.force_login(world.user(Role.HR))
    upload = io.BytesIO(csv_file(*rows))
    upload.name = "personal.csv"
    response = client.post(reverse("districts:staff_import"), {"file": upload})
    content = response.content.decode()
    assert StaffMember.objects.count() == before
    assert "Ingenting har sparats" in content
    errors = response.context["plan"].errors
    assert [(error.line, error.column) for error in errors] == [(3, "anställningsdatum"), (4, "1:e socialsekreterare")]
    assert "ogiltigt datum" in errors[0].message
    assert "finns varken i filen eller bland organisationens medarbetare" in errors[1].message


def test_every_kind_of_bad_row_is_reported(world):
    unit = f"Angered;{world.own_unit.name};"
    rows = [
        "Ada;Ett;ada@example.se;Angered;Finns inte;;;;;;;;;;",
        "Bo;Två;bo@example.se;Atlantis;Någon;;;;;;;;;;",
        f"Cia;Tre;ada@example.se;{unit};Trollkarl;;;;;;;;",
        f"Dan;Fyra;inte-en-adress;{unit};;;;Mästare;;;;;",
        f";Fem;fem@example.se;{unit};;2025-05-01;;;;;{world.people[Role.HR].work_email};;2025-01-01",
        f"Eva;Sex;eva@example.se;Angered;{world.own_unit.name};Vuxna;;;;;;;;;",
    ]
    with pytest.raises(services.ImportRejected) as rejected:
        apply_file(world, csv_file(*rows))
    found = {(error.line, error.column): error.message for error in rejected.value.plan.errors}
    assert "okänd enhet" in found[(2, "enhet")]
    assert "okänd stadsdel" in found[(3, "stadsdel")]
    assert "okänd roll" in found[(4, "roller")]
    assert "finns redan på rad 2" in found[(4, "e-post")]
    assert "ogiltig e-postadress" in found[(5, "e-post")]
    assert "okänt värde" in found[(5, "kompetensnivå")]
    assert found[(6, "förnamn")] == "saknas"
    assert "slutdatum är före" in found[(6, "slutdatum")]
    assert "inte 1:e socialsekreterare" in found[(6, "1:e socialsekreterare")]
    assert "hör till område Barn och unga" in found[(7, "område")]
    assert not StaffMember.objects.filter(work_email__in=["eva@example.se", "cia@example.se"]).exists()


def test_a_file_with_wrong_headers_is_refused_as_a_whole(world):
    with pytest.raises(importing.ImportFileError, match="kolumner saknas: enhet"):
        apply_file(world, csv_file("a;b;c;d", header="förnamn;efternamn;e-post;stadsdel"))


def test_reimporting_the_same_file_changes_nothing(world):
    content = csv_file(*valid_rows(world)[:2])
    apply_file(world, content)
    first = list(StaffMember.objects.order_by("pk").values())
    roles = StaffRole.objects.count()
    plan = importing.plan_import(organisation=world.organisation, content=content, filename="personal.csv")
    assert (len(plan.creates), len(plan.updates), len(plan.unchanged)) == (0, 0, 2)
    received = []
    hires_added.connect(lambda **kwargs: received.append(kwargs["staff_ids"]), weak=False, dispatch_uid="t1")
    try:
        apply_file(world, content)
    finally:
        hires_added.disconnect(dispatch_uid="t1")
    assert list(StaffMember.objects.order_by("pk").values()) == first
    assert StaffRole.objects.count() == roles
    assert received == []


def test_a_changed_row_updates_that_person_matched_on_email(world, django_capture_on_commit_callbacks):
    apply_file(world, csv_file(*valid_rows(world)[:2]))
    changed = valid_rows(world)[:2]
    changed[1] = changed[1].replace("Nybörjare", "Kunnig").replace("sara.holm@", "SARA.HOLM@")
    plan = importing.plan_import(organisation=world.organisation, content=csv_file(*changed), filename="p.csv")
    assert [row.email for row in plan.updates] == ["sara.holm@example.se"]
    assert plan.updates[0].changes == ["kompetensnivå"]
    received = []
    hires_added.connect(lambda **kwargs: received.append(kwargs["staff_ids"]), weak=False, dispatch_uid="t2")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            apply_file(world, csv_file(*changed))
    finally:
        hires_added.disconnect(dispatch_uid="t2")
    sara = StaffMember.objects.get(work_email="sara.holm@example.se")
    assert sara.competence_level == CompetenceLevel.KUNNIG
    assert StaffMember.objects.filter(work_email__iexact="sara.holm@example.se").count() == 1
    assert received == [[sara.pk]]


def test_preview_does_not_write_and_confirm_imports_the_stored_file(world, client):
    client.force_login(world.user(Role.HR))
    before = StaffMember.objects.count()
    upload = io.BytesIO(csv_file(*valid_rows(world)[:2]))
    upload.name = "personal.csv"
    preview = client.post(reverse("districts:staff_import"), {"file": upload})
    assert preview.status_code == 200
    assert "2 nya, 0 uppdateras, 0 oförändrade" in preview.content.decode()
    assert StaffMember.objects.count() == before
    wrong = client.post(reverse("districts:staff_import_confirm"), {"sha256": "f" * 64})
    assert wrong.status_code == 302 and StaffMember.objects.count() == before
    confirmed = client.post(reverse("districts:staff_import_confirm"), {"sha256": preview.context["sha256"]})
    assert confirmed.status_code == 302
    assert StaffMember.objects.count() == before + 2
    again = client.post(reverse("districts:staff_import_confirm"), {"sha256": preview.context["sha256"]})
    assert again.status_code == 302 and StaffMember.objects.count() == before + 2


def test_a_clash_with_a_concurrent_save_is_a_message_not_a_500(world, client, monkeypatch):
    from django.db import IntegrityError

    def clash(**kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    client.force_login(world.user(Role.HR))
    upload = io.BytesIO(csv_file(*valid_rows(world)[:1]))
    upload.name = "personal.csv"
    preview = client.post(reverse("districts:staff_import"), {"file": upload})
    monkeypatch.setattr(staff_services, "_staff_import_apply", clash)
    response = client.post(
        reverse("districts:staff_import_confirm"), {"sha256": preview.context["sha256"]}, follow=True
    )
    assert response.status_code == 200
    assert "Någon annan ändrade personalen samtidigt" in response.content.decode()
