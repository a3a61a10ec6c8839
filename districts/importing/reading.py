"""Read a staff file, CSV (`;` or `,`, UTF-8) or XLSX, into its header and its non-empty rows.

The reader is built for files from outside: it reads row by row and stops at the first limit it meets (the
file's size, a workbook's unpacked size, the number of lines and columns), so a hostile file (a zip bomb, a
sheet of a million empty rows, NUL bytes that PostgreSQL cannot store) gets a clear message, never a 500.
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _

MAX_FILE_BYTES = 5 * 1024 * 1024
# A workbook is a zip: its parts may unpack to at most this much (a real staff list of 20,000 rows is ~10 MB).
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_ROWS = 20_000
# Blank lines are skipped, but reading them costs time too: a file may hold at most this many lines in all.
MAX_LINES = 2 * MAX_ROWS
# Only the first columns are read; the staff file has 15.
MAX_COLUMNS = 60
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
        rows = _non_empty(_read_xlsx(content))
    else:
        rows = _non_empty(_read_csv(content))
    header = next(rows, None)
    if header is None:
        raise ImportFileError(_("Filen är tom."))
    data = []
    for row in rows:
        if len(data) == MAX_ROWS:
            raise ImportFileError(_("Filen har för många rader (högst %(max)s).") % {"max": MAX_ROWS})
        data.append(row)
    return [cell_text(cell) for cell in header[1]], data


def _non_empty(rows: Iterable[tuple[int, list[Any]]]) -> Iterator[tuple[int, list[Any]]]:
    for line, cells in rows:
        if line > MAX_LINES:
            raise ImportFileError(
                _("Filen har för många rader (högst %(max)s, tomma rader medräknade).") % {"max": MAX_LINES}
            )
        cells = cells[:MAX_COLUMNS]
        if any(isinstance(cell, str) and "\x00" in cell for cell in cells):
            raise ImportFileError(
                _(
                    "Rad %(line)s innehåller ett nolltecken (NUL), som inte kan sparas. "
                    "Spara filen på nytt och försök igen."
                )
                % {"line": line}
            )
        if any(cell_text(cell) for cell in cells):
            yield line, cells


def _read_csv(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("Filen är inte kodad som UTF-8. Spara den som ”CSV UTF-8” eller som Excel-fil (.xlsx).")
        ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        for cells in reader:
            yield line, cells
            line = reader.line_num + 1
    except csv.Error as error:
        raise ImportFileError(_("Rad %(line)s går inte att läsa som CSV.") % {"line": line}) from error


def _read_xlsx(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    unreadable = _("Filen går inte att läsa som Excel-fil (.xlsx).")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(part.file_size for part in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise ImportFileError(unreadable) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(_("Excel-filen är för stor uppackad (högst 60 MB). Spara den som CSV och försök igen."))
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken or foreign file
        raise ImportFileError(unreadable) from error
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        line = 0
        while True:
            try:
                cells = next(rows)
            except StopIteration:
                return
            except Exception as error:  # a part that lies about its size or breaks off
                raise ImportFileError(unreadable) from error
            line += 1
            cells = list(cells)
            while cells and cells[-1] is None:  # max_col pads every row to its width
                cells.pop()
            yield line, cells
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
