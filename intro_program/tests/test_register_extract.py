"""HR's register extract holds everything about one person, as JSON and as PDF, and nothing about anyone else."""

import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from districts.models import Role
from intro_program.tests.test_anonymisation import NOTE, OLD_EMAIL, _leaver

pytestmark = pytest.mark.django_db


def _json(client, staff) -> dict:
    response = client.get(reverse("register_extract_json", kwargs={"pk": staff.pk}))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert "no-store" in response["Cache-Control"]
    return json.loads(response.content)


def test_the_json_extract_has_every_part_of_the_persons_record(client, world):
    staff = _leaver(world)
    client.force_login(world.user(Role.HR))
    sections = _json(client, staff)["sections"]

    assert sections["staff"]["rows"][0]["work_email"] == OLD_EMAIL
    assert [row["role"] for row in sections["roles"]["rows"]] == ["Socialsekreterare"]
    assert sections["plan"]["rows"][0]["notes"] == NOTE
    assert any(row["note"] == NOTE and row["new_done"] is True for row in sections["ticks"]["rows"])
    assert len(sections["plan_items"]["rows"]) == staff.introduction_plan.items.count()
    assert len(sections["meetings"]["rows"]) == staff.introduction_plan.meetings.count()
    assert sections["nominations"]["rows"][0]["drop_out_text"] == NOTE
    assert {row["kind"] for row in sections["nomination_events"]["rows"]} >= {"Nominerad", "Avbrutit"}
    # The history: the record was created, then changed (the employment end), and the plan's notes were written.
    kinds = [row["history_type"] for row in sections["staff_history"]["rows"]]
    assert kinds[0] == "Skapad" and "Ändrad" in kinds
    assert any(row["notes"] == NOTE for row in sections["plan_history"]["rows"])
    assert {"attendance", "dialogue_groups", "goals", "goal_history", "nomination_history"} <= set(sections)


def test_the_extract_does_not_hold_other_peoples_records(client, world):
    staff = _leaver(world)
    client.force_login(world.user(Role.HR))
    content = json.dumps(_json(client, staff), ensure_ascii=False)
    assert world.other_hire.work_email not in content and "Annansson" not in content


def test_the_pdf_extract_shows_the_same_record(client, world):
    staff = _leaver(world)
    client.force_login(world.user(Role.HR))
    response = client.get(reverse("register_extract_pdf", kwargs={"pk": staff.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in ("Registerutdrag för Lovisa Lämnarsson", OLD_EMAIL, "Introduktionsplan", "Nomineringar"):
        assert expected in text
    assert "sjukskrivning" in text


def test_only_hr_takes_an_extract(client, world):
    for role in (Role.UTBILDNINGSSAMORDNARE, Role.ENHETSCHEF, Role.SOCIALSEKRETERARE):
        client.force_login(world.user(role))
        assert client.get(reverse("register_extract_json", kwargs={"pk": world.hire.pk})).status_code == 403
