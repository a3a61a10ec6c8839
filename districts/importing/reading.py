"""Read a staff file, CSV (`;` or `,`, UTF-8) or XLSX, into its header and its non-empty rows."""

import csv
import datetime
import io
from typing import Any

from django.utils.translation import gettext as _

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
XLSX_MAGIC = b"PK\x03\x04"


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong format, missing columns, too large)."""


def read_table(content: bytes, filename: str) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """Return the header cells and the (line number, cells) of every non-empty row."""
    if len(content) > MAX_FILE_BYTES:
        raise ImportFileError(_("Filen är för stor (högst 5 MB)."))
    if not content.strip():
        raise ImportFileError(_("Filen är tom."))
    if filename.lower().endswith(".xlsx") or content.startswith(XLSX_MAGIC):
        rows = _read_xlsx(content)
    else:
        rows = _read_csv(content)
    rows = [(line, cells) for line, cells in rows if any(cell_text(cell) for cell in cells)]
    if not rows:
        raise ImportFileError(_("Filen är tom."))
    (_line, header), *data = rows
    if len(data) > MAX_ROWS:
        raise ImportFileError(_("Filen har för många rader (högst %(max)s).") % {"max": MAX_ROWS})
    return [cell_text(cell) for cell in header], data


def _read_csv(content: bytes) -> list[tuple[int, list[Any]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("Filen är inte kodad som UTF-8. Spara den som ”CSV UTF-8” eller som Excel-fil (.xlsx).")
        ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    line = 1
    try:
        for cells in reader:
            rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as error:
        raise ImportFileError(_("Rad %(line)s går inte att läsa som CSV.") % {"line": line}) from error
    return rows


def _read_xlsx(content: bytes) -> list[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken or foreign file
        raise ImportFileError(_("Filen går inte att läsa som Excel-fil (.xlsx).")) from error
    try:
        sheet = workbook.worksheets[0]
        return [(line, list(cells)) for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1)]
    finally:
        workbook.close()


def cell_text(value: Any) -> str:
    """Return a cell as stripped text: whole floats without ".0", date-times as their date."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    return str(value).strip()
