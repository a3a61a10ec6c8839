import io
import os
import subprocess

import pytest
from django.utils import timezone
from pypdf import PdfReader

from checklists import pdf, selectors, services
from checklists.models import IntroductionPlan, MeetingKind
from checklists.tests.factories import ensure_default_template, plan_for
from districts.models import Role

pytestmark = pytest.mark.django_db


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    # Lines wrap where the table cells end; compare with single spaces.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_plan_pdf_contains_what_the_page_shows(world, screenshot_dir):
    plan = plan_for(world.hire)
    item = plan.items.get(title="Värdegrund, myndighetsrollen, förhållningssätt, policyer och riktlinjer genomgångna")
    services.plan_item_tick(item_id=item.pk, actor=world.user(Role.ENHETSCHEF), done=True, expected_version=1)
    loaded = selectors.plans_for_pdf(plans=IntroductionPlan.objects.all()).get(pk=plan.pk)

    data = pdf.render_plan_pdf(loaded)
    (screenshot_dir / "checklists-plan.pdf").write_bytes(data)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "70",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(screenshot_dir / "checklists-plan.pdf"),
            str(screenshot_dir / "checklists-plan-pdf-page1"),
        ],
        check=True,
    )

    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4 portrait
    text = _text(data)
    assert "Nora Nyanställd" in text
    assert "Värdegrund, myndighetsrollen" in text
    assert "Före första dagen" in text and "Andra året" in text
    assert world.own_unit.name in text and world.own_district.name in text
    assert "Enhetschef Testsson" in text  # who ticked it
    assert f"Sida 1 av {len(reader.pages)}" in text
    assert "Veckohandledning med 1:e socialsekreterare" in text


def test_pdf_uses_dejavu_sans_for_swedish_letters(world):
    plan = plan_for(world.hire)
    data = pdf.render_plan_pdf(selectors.plans_for_pdf(plans=IntroductionPlan.objects.all()).get(pk=plan.pk))
    fonts = subprocess.run(["pdffonts", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert "DejaVu-Sans" in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # embedded


def test_blank_checklist_of_a_version(world):
    version = ensure_default_template(world.organisation)
    text = _text(pdf.render_blank_checklist_pdf(version))
    assert "Bilaga 3" in text
    assert "Första enkla ärenden (långsam start)" in text
    assert "Signatur och datum" in text


def test_plan_pdf_page_answers_with_a_pdf(client, world):
    plan = plan_for(world.hire)
    client.force_login(world.user(Role.FORSTE_SOCIALSEKRETERARE))
    response = client.get(f"/introduktion/plan/{plan.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Nora Nyanställd" in _text(response.content)


def test_every_item_goal_and_meeting_on_the_plan_page_is_in_the_pdf(client, world):
    plan = plan_for(world.hire)
    loaded = selectors.plans_for_pdf(plans=IntroductionPlan.objects.all()).get(pk=plan.pk)
    client.force_login(world.user(Role.FORSTE_SOCIALSEKRETERARE))
    page = client.get(f"/introduktion/plan/{plan.pk}/").content.decode()
    text = _text(pdf.render_plan_pdf(loaded))
    titles = [item.title for item in loaded.items.all()]
    assert titles and all(title in page for title in titles)
    # Titles wrap in their cells; each one's words are in the PDF in order.
    missing = [title for title in titles if " ".join(title.split()) not in text]
    assert not missing
    for goal in loaded.goals.all():
        assert goal.get_knowledge_area_display() in text
    assert "Veckohandledning med 1:e socialsekreterare" in text
    # Each item's responsible role and due date, and each other meeting's time and kind, are on paper too.
    for item in loaded.items.all():
        assert f"Ansvarig: {item.get_responsible_role_display()} · Senast: {item.due_date:%Y-%m-%d}" in text
    others = [meeting for meeting in loaded.meetings.all() if meeting.kind != MeetingKind.SUPERVISION]
    assert others
    for meeting in others:
        assert f"{timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M}: {meeting.get_kind_display()}" in text


def test_the_plan_pdf_ratio_is_measured_against_a_trivial_and_an_unstyled_document(world):
    plan = plan_for(world.hire)
    loaded = selectors.plans_for_pdf(plans=IntroductionPlan.objects.all()).get(pk=plan.pk)
    measured = pdf.measure_ratio(loaded, repeats=1)
    assert 0 < measured["trivial_ms"] < measured["unstyled_ms"]
    assert measured["ratio_to_trivial"] == pytest.approx(measured["document_ms"] / measured["trivial_ms"], rel=0.05)
    assert measured["ratio_to_unstyled"] == pytest.approx(measured["document_ms"] / measured["unstyled_ms"], rel=0.05)


def test_the_print_stylesheet_is_parsed_once_and_again_when_it_changes(world, tmp_path):
    from districts import pdf as districts_pdf

    stylesheet = tmp_path / "print.css"
    stylesheet.write_text("html { color: black; }")
    districts_pdf.write_pdf("<p>Hej</p>", stylesheets=[stylesheet])
    parsed = districts_pdf._stylesheet.cache_info().misses
    districts_pdf.write_pdf("<p>Hej</p>", stylesheets=[stylesheet])
    assert districts_pdf._stylesheet.cache_info().misses == parsed
    stylesheet.write_text("html { color: red; }")
    os.utime(stylesheet, (stylesheet.stat().st_atime, stylesheet.stat().st_mtime + 5))
    districts_pdf.write_pdf("<p>Hej</p>", stylesheets=[stylesheet])
    assert districts_pdf._stylesheet.cache_info().misses == parsed + 1
