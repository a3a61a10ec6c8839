import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook

from districts.importing import reading
from districts.models import Role, StaffMember
from districts.tests.importing.files import HEADER, apply_file, csv_file, valid_rows

pytestmark = pytest.mark.django_db


def test_comma_separated_csv_without_bom_is_read(world):
    header = HEADER.replace(";", ",")
    row = f'Lars,Berg,lars.berg@example.se,Angered,{world.own_unit.name},,"Socialsekreterare, HR",2024-02-01,,,,,,,'
    plan = apply_file(world, csv_file(row, header=header, bom=False))
    lars = StaffMember.objects.get(work_email="lars.berg@example.se")
    assert len(plan.creates) == 1
    assert set(lars.roles.values_list("role", flat=True)) == {Role.SOCIALSEKRETERARE, Role.HR}


def test_xlsx_file_is_imported_with_real_date_cells(world):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Förnamn", "Efternamn", "E-post", "Stadsdel", "Enhet", "Anställningsdatum", "Roller"])
    sheet.append(
        ["Mona", "Ek", "mona.ek@example.se", "Angered", world.own_unit.name, datetime.datetime(2025, 3, 3), ""]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = apply_file(world, buffer.getvalue(), filename="personal.xlsx")
    mona = StaffMember.objects.get(work_email="mona.ek@example.se")
    assert len(plan.creates) == 1
    assert mona.employment_start == datetime.date(2025, 3, 3)
    assert list(mona.roles.values_list("role", flat=True)) == [Role.SOCIALSEKRETERARE]


def test_a_non_utf8_file_gets_a_clear_message(world, client):
    client.force_login(world.user(Role.HR))
    upload = io.BytesIO(csv_file(*valid_rows(world)[:1]).decode("utf-8").encode("cp1252", errors="replace"))
    upload.name = "personal.csv"
    response = client.post(reverse("districts:staff_import"), {"file": upload})
    assert response.status_code == 200
    assert "UTF-8" in response.context["form"].errors["file"][0]


def test_read_table_skips_blank_rows_and_keeps_each_rows_line_number():
    content = "förnamn;efternamn\r\n\r\nAnna;Berg\r\n;\r\nBo;Ek\r\n".encode()
    header, rows = reading.read_table(content, "personal.csv")
    assert header == ["förnamn", "efternamn"]
    assert rows == [(3, ["Anna", "Berg"]), (5, ["Bo", "Ek"])]


def test_read_table_refuses_an_empty_a_too_large_and_a_too_long_file(monkeypatch):
    with pytest.raises(reading.ImportFileError, match="tom"):
        reading.read_table(b" \r\n", "personal.csv")
    with pytest.raises(reading.ImportFileError, match="för stor"):
        reading.read_table(b"x" * (reading.MAX_FILE_BYTES + 1), "personal.csv")
    monkeypatch.setattr(reading, "MAX_ROWS", 2)
    with pytest.raises(reading.ImportFileError, match="för många rader"):
        reading.read_table(b"a\n1\n2\n3\n", "personal.csv")


def test_a_file_that_is_not_a_workbook_is_refused_by_name_or_by_content():
    with pytest.raises(reading.ImportFileError, match="Excel-fil"):
        reading.read_table(b"inte en arbetsbok", "personal.xlsx")
    with pytest.raises(reading.ImportFileError, match="Excel-fil"):
        reading.read_table(reading.XLSX_MAGIC + b"trasig", "personal.csv")


def test_cells_read_as_text_whole_numbers_without_decimals_and_date_times_as_dates():
    assert reading.cell_text(None) == ""
    assert reading.cell_text(42.0) == "42" and reading.cell_text(4.5) == "4.5"
    assert reading.cell_text(datetime.datetime(2025, 3, 3, 12, 30)) == "2025-03-03"
    assert reading.cell_text("  Anna ") == "Anna"


def _workbook(*rows, extra_parts: dict[str, bytes] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row_number, row in rows:
        for column, value in enumerate(row, start=1):
            sheet.cell(row=row_number, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    if extra_parts:
        with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in extra_parts.items():
                archive.writestr(name, data)
    return buffer.getvalue()


def test_a_nul_byte_in_a_csv_is_refused_with_its_line_and_imports_nothing(world, client):
    client.force_login(world.user(Role.HR))
    before = StaffMember.objects.count()
    first, second = valid_rows(world)[:2]
    upload = io.BytesIO(csv_file(first, second.replace("@", "\x00@", 1)))
    upload.name = "personal.csv"
    response = client.post(reverse("districts:staff_import"), {"file": upload})
    assert response.status_code == 200
    assert "Rad 3 innehåller ett nolltecken" in response.context["form"].errors["file"][0]
    assert StaffMember.objects.count() == before


def test_a_workbook_that_unpacks_to_more_than_the_limit_is_refused_before_it_is_parsed():
    bomb = _workbook((1, ["Förnamn"]), extra_parts={"xl/padding.bin": bytes(reading.MAX_UNPACKED_BYTES + 1)})
    assert len(bomb) < reading.MAX_FILE_BYTES  # it passes the upload limit: zeros pack tightly
    with pytest.raises(reading.ImportFileError, match="för stor uppackad"):
        reading.read_table(bomb, "personal.xlsx")


def test_a_file_of_mostly_blank_lines_stops_at_the_line_limit(monkeypatch):
    monkeypatch.setattr(reading, "MAX_LINES", 50)
    with pytest.raises(reading.ImportFileError, match="tomma rader medräknade"):
        reading.read_table(b"a\n" + b"\n" * 60 + b"1\n", "personal.csv")
    # A workbook with a cell far below the header: read-only openpyxl yields every row in between.
    with pytest.raises(reading.ImportFileError, match="tomma rader medräknade"):
        reading.read_table(_workbook((1, ["Förnamn"]), (500, ["Anna"])), "personal.xlsx")
    header, rows = reading.read_table(_workbook((1, ["Förnamn"]), (50, ["Anna"])), "personal.xlsx")
    assert rows == [(50, ["Anna"])]


def test_only_the_first_columns_of_a_very_wide_row_are_read():
    header, rows = reading.read_table(("a;" * 5000 + "\nx;" * 1).encode(), "personal.csv")
    assert len(header) == reading.MAX_COLUMNS
    header, rows = reading.read_table(_workbook((1, ["Förnamn"] + ["x"] * 200)), "personal.xlsx")
    assert len(header) == reading.MAX_COLUMNS
