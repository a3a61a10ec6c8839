"""Write a report to Excel (openpyxl), CSV and PDF (WeasyPrint) from the same cells the page shows."""

import csv
import io
import re

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from districts import clock
from districts.pdf import render_pdf
from reports.suppression import Hidden
from reports.tables import Kind, Report, display

FORMATS = ("xlsx", "csv", "pdf")
_EXCEL_NUMBER_FORMATS = {Kind.SHARE: "0%", Kind.MEAN: "0.0", Kind.DAYS: "0.0", Kind.COUNT: "#,##0"}
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F7")
# One instance of each style, shared by the cells: a ten-year table built an Alignment for each hidden count
# ("< 5" in a number column), a tenth of its export's time (cProfile, national seed). openpyxl keeps styles by value.
_BOLD = Font(bold=True)
_CENTRED = Alignment(horizontal="center")
_RIGHT = Alignment(horizontal="right")


# A spreadsheet program reads a cell that starts with one of these as a formula (or a DDE command).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value) -> str:
    """Return text for a CSV cell that no spreadsheet runs: a leading apostrophe before a formula start."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _excel_text(value) -> str:
    # str() also turns a lazily translated label into text; openpyxl refuses control characters.
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _excel_value(value, kind: Kind):
    if isinstance(value, Hidden):
        return str(value)  # the same "< N" text as the page; never the number
    if value is None:
        return "–"
    if kind == Kind.TEXT:
        return _excel_text(value)
    return float(value) if kind in (Kind.SHARE, Kind.MEAN, Kind.DAYS) else int(value)


def _append(sheet, values: list) -> int:
    """Append a row and return its number; every text cell stays text, so `=HYPERLINK(...)` typed into a form is
    never a formula.

    The row's cells are reached by number: `sheet.max_row` and `sheet[row]` scan every cell of the sheet in
    openpyxl, which made a ten-year export quadratic in its rows."""
    sheet.append([value if value is None or isinstance(value, int | float) else _excel_text(value) for value in values])
    row = sheet._current_row  # openpyxl's own count of appended rows (there is no public accessor)
    for column in range(1, len(values) + 1):
        cell = sheet.cell(row, column)
        if isinstance(cell.value, str):
            cell.data_type = "s"  # openpyxl made "=..." a formula and "#N/A" an error
            # Excel's own mark for "typed as text": shown without an apostrophe, never re-read as a formula.
            cell.quotePrefix = cell.value.startswith(FORMULA_STARTS)
    return row


def to_xlsx(report: Report) -> bytes:
    """Return the report as an Excel workbook: one sheet, the tables one below the other."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = re.sub(r"[\[\]:*?/\\]", " ", report.title)[:31].strip() or "Rapport"
    _append(sheet, [report.title])
    sheet["A1"].font = Font(bold=True, size=14)
    if report.filters_text:
        _append(sheet, [report.filters_text])
    widest: dict[int, int] = {}
    for table in report.tables:
        sheet.append([])
        row = _append(sheet, [table.title])
        sheet.cell(row, 1).font = Font(bold=True, size=12)
        if table.groups:
            row = []
            for label, span in table.groups:
                row.extend([label] + [None] * (span - 1))
            row_number = _append(sheet, row)
            column = 1
            for label, span in table.groups:
                if span > 1 and label:
                    sheet.merge_cells(start_row=row_number, start_column=column, end_row=row_number,
                                      end_column=column + span - 1)  # fmt: skip
                sheet.cell(row_number, column).alignment = _CENTRED
                sheet.cell(row_number, column).font = _BOLD
                column += span
        header = _append(sheet, [column.label for column in table.columns])
        for index in range(1, len(table.columns) + 1):
            cell = sheet.cell(header, index)
            cell.font = _BOLD
            cell.fill = _HEADER_FILL
        rows = list(table.rows) + ([table.total] if table.total is not None else [])
        for position, values in enumerate(rows):
            row_number = _append(
                sheet, [_excel_value(value, column.kind) for value, column in zip(values, table.columns, strict=True)]
            )
            for index, column in enumerate(table.columns, start=1):
                cell = sheet.cell(row_number, index)
                if column.kind in _EXCEL_NUMBER_FORMATS and isinstance(cell.value, int | float):
                    cell.number_format = _EXCEL_NUMBER_FORMATS[column.kind]
                if isinstance(cell.value, str) and column.kind != Kind.TEXT:
                    cell.alignment = _RIGHT
                if table.total is not None and position == len(rows) - 1:
                    cell.font = _BOLD
                widest[index] = max(widest.get(index, 8), len(str(cell.value or "")) + 2)
        if not rows and table.empty_text:
            _append(sheet, [table.empty_text])
        if table.note:
            _append(sheet, [table.note])
    for index, width in widest.items():
        sheet.column_dimensions[get_column_letter(index)].width = min(width, 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_cell(value, kind: Kind) -> str:
    # Numbers are shown as the page shows them (a negative one keeps its minus); text may be anything typed.
    return csv_text(display(value, kind)) if kind == Kind.TEXT else display(value, kind)


def to_csv(report: Report) -> str:
    """Return the report as semicolon-separated text (Swedish Excel reads it), cells as the page shows them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_text(report.title)])
    if report.filters_text:
        writer.writerow([csv_text(report.filters_text)])
    for table in report.tables:
        writer.writerow([])
        writer.writerow([csv_text(table.title)])
        if table.groups:
            row = []
            for label, span in table.groups:
                row.extend([csv_text(label)] + [""] * (span - 1))
            writer.writerow(row)
        writer.writerow([csv_text(column.label) for column in table.columns])
        for values in list(table.rows) + ([table.total] if table.total is not None else []):
            writer.writerow(
                [_csv_cell(value, column.kind) for value, column in zip(values, table.columns, strict=True)]
            )
        if table.note:
            writer.writerow([csv_text(table.note)])
    return "\ufeff" + buffer.getvalue()  # the BOM makes Excel read UTF-8


def to_pdf(report: Report) -> bytes:
    """Return the report as a PDF, from the same tables and SVG charts as the page."""
    return render_pdf("reports/pdf.html", {"report": report, "today": clock.today()}, stylesheets=())


def export_response(report: Report, output: str) -> HttpResponse:
    """Answer with the report as a download in the requested format."""
    filename = f"{slugify(report.slug) or 'rapport'}-{clock.today():%Y-%m-%d}"
    if output == "xlsx":
        response = HttpResponse(
            to_xlsx(report), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    elif output == "csv":
        response = HttpResponse(to_csv(report), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(to_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{output}"'
    return response
