"""The shape every report hands to the page and to the exports: titled tables of typed cells."""

import html
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from districts.markup import conditional_escape
from reports.suppression import Hidden, protect_table


class Kind(StrEnum):
    TEXT = "text"
    COUNT = "count"
    SHARE = "share"
    MEAN = "mean"
    DAYS = "days"


@dataclass(frozen=True)
class Column:
    label: str
    kind: Kind = Kind.COUNT


@dataclass
class Table:
    """One table: header groups (label, span) over the columns, rows of cells, an optional totals row."""

    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    groups: list[tuple[str, int]] = field(default_factory=list)
    total: list | None = None
    note: str = ""
    empty_text: str = ""
    chart: str = ""  # SVG from reports.charts, shown above the table it illustrates
    # How cells depend on each other, for complementary suppression (see suppression.protect_table).
    # By default every count column with a totals row is a sum of the rows; say otherwise with `summed`.
    summed: tuple[int, ...] | None = None
    together: tuple[tuple[int, ...], ...] = ()
    derived: dict[int, tuple[int, ...]] = field(default_factory=dict)
    row_sums: dict[int, tuple[int, ...]] = field(default_factory=dict)
    at_most: tuple[tuple[int, int], ...] = ()  # (smaller, larger) columns of a row, e.g. (completed, enrolled)
    row_sums_exact: bool = True  # False: a row's parts may fall short of its sum (unstated gender)

    def __post_init__(self):
        summed = self.summed
        if summed is None:
            summed = tuple(i for i, column in enumerate(self.columns) if column.kind == Kind.COUNT)
        protect_table(
            self.rows,
            self.total,
            summed=summed,
            together=self.together,
            derived=self.derived,
            row_sums=self.row_sums,
            at_most=self.at_most,
            row_sums_exact=self.row_sums_exact,
        )
        # The withheld counts were for the arithmetic only: drop them, noting on the way whether a cell was hidden
        # to protect another (one pass over the cells, not two: the participation report has thousands).
        complementary = False
        for row in self._all_rows():
            if any(isinstance(cell, Hidden) for cell in row):
                for index, cell in enumerate(row):
                    if isinstance(cell, Hidden):
                        complementary = complementary or cell.complementary
                        row[index] = cell.without_value()
        if complementary:
            withheld = _("”..” döljer en siffra som annars skulle avslöja en dold liten grupp.")
            self.note = f"{self.note} {withheld}".strip()

    def _all_rows(self) -> list[list]:
        return [*self.rows, self.total] if self.total is not None else list(self.rows)

    def column(self, index: int) -> list:
        """Return one column's cells as shown (after suppression), e.g. for a chart."""
        return [row[index] for row in self.rows]

    def display_rows(self) -> list[list[tuple[str, str]]]:
        """Return each row as (text, css class) pairs, for the page and the PDF."""
        return [self._display(row) for row in self.rows]

    def display_total(self) -> list[tuple[str, str]] | None:
        return self._display(self.total) if self.total is not None else None

    def body_html(self) -> SafeString:
        """Return the rows as the page's table rows, escaped as the template would escape them.

        Built here rather than by a template loop over every cell, which cost ten years of rounds 0.3 s; escaped as
        conditional_escape does (html.escape unless already safe) without its lazy-string wrapper, which cost
        ten years of rounds more than the escaping itself.
        """
        # One writer a column, chosen once, not a (text, class) pair built for every cell first: the free-text
        # answers of ten years of Del 1 are thousands of rows. A plain text or a small count, most cells, skips the
        # general formatting (a small count's digits need no escaping).
        writers = [_cell_writer(column.kind) for column in self.columns]
        return mark_safe(  # noqa: S308 (every cell is escaped unless it is safe already)
            "".join(
                "<tr>" + "".join(write(value) for write, value in zip(writers, row, strict=True)) + "</tr>"
                for row in self.rows
            )
        )

    def html(self) -> SafeString:
        """Return the table's section of the page and the PDF: title, chart, header, rows, totals and note.

        Written here in the markup templates/reports/_table.html had (tests compare them): its include, header and
        totals loops cost each table of every report page about as much as a hundred of its rows.
        """
        header = "".join(
            f'<th class="text-end">{conditional_escape(column.label)}</th>'
            if column.kind != Kind.TEXT
            else f"<th>{conditional_escape(column.label)}</th>"
            for column in self.columns
        )
        parts = [
            f'\n<section class="mb-4 report-table">\n  <h2 class="h5">{conditional_escape(self.title)}</h2>\n  ',
            f'<figure class="report-chart my-3">{conditional_escape(self.chart)}</figure>' if self.chart else "",
            '\n  <div class="table-responsive" tabindex="0">'
            '\n  <table class="table table-sm table-bordered align-middle">'
            '\n    <thead class="table-light">\n      ',
        ]
        if self.groups:
            groups = "".join(
                f'<th colspan="{conditional_escape(span)}" class="text-center">{conditional_escape(label)}</th>'
                for label, span in self.groups
            )
            parts.append(f"\n      <tr>{groups}</tr>\n      ")
        parts.append(f"\n      <tr>{header}</tr>\n    </thead>\n    <tbody>\n      ")
        if self.rows:
            parts.append(self.body_html())
        else:
            empty = conditional_escape(self.empty_text or _("Inga uppgifter."))
            parts.append(f'\n      <tr><td colspan="{len(self.columns)}" class="text-muted">{empty}</td></tr>\n      ')
        parts.append("\n    </tbody>\n    ")
        total = self.display_total()
        if total:
            cells = "".join(
                f'<td class="{conditional_escape(css)}">{conditional_escape(text)}</td>' for text, css in total
            )
            parts.append(f'\n    <tfoot><tr class="fw-bold table-group-divider">{cells}</tr></tfoot>\n    ')
        parts.append("\n  </table>\n  </div>\n  ")
        if self.note:
            parts.append(f'<p class="small text-muted">{conditional_escape(self.note)}</p>')
        parts.append("\n</section>\n")
        return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped unless it is safe already)

    def _display(self, row: list) -> list[tuple[str, str]]:
        return [
            (display(value, column.kind), _css(column.kind)) for value, column in zip(row, self.columns, strict=True)
        ]


def _cell_writer(kind: Kind):
    """Return a function writing one cell of a column of this kind, as display() and conditional_escape give it."""
    opening = f'<td class="{_css(kind)}">'
    written: dict = {}  # a number's cell, for the rest of the table: shares and means repeat down a column

    def general(value) -> str:
        kind_of = type(value)
        if kind_of is int or kind_of is float:
            cell = written.get((kind_of, value))
            if cell is None:
                cell = written[(kind_of, value)] = f"{opening}{conditional_escape(display(value, kind))}</td>"
            return cell
        return f"{opening}{conditional_escape(display(value, kind))}</td>"

    if kind == Kind.TEXT:

        def text(value) -> str:
            # type(), not isinstance(): a SafeString is a str whose markup is kept
            return f"{opening}{html.escape(value)}</td>" if type(value) is str else general(value)

        return text
    if kind == Kind.COUNT:

        def count(value) -> str:
            return f"{opening}{value}</td>" if type(value) is int and 0 <= value < 1000 else general(value)

        return count
    return general


def _css(kind: Kind) -> str:
    """Return the class of a column's cells: numbers are aligned right."""
    return "text-end" if kind != Kind.TEXT else ""


@dataclass
class Report:
    """What a report selector returns: the tables and charts of one page, for every output."""

    title: str
    tables: list[Table]
    charts: list[str] = field(default_factory=list)  # SVG charts of the whole report, before its tables
    intro: str = ""
    filters_text: str = ""
    slug: str = "rapport"


def half_up(value, places: int) -> Decimal:
    """Round the way people do on paper (62.5 % -> 63 %), not to even as Python's round does."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def display(value, kind: Kind = Kind.COUNT) -> str:
    """Format a cell the way the page, the CSV and the PDF show it (the active language's numbers)."""
    if isinstance(value, Hidden):
        return str(value)
    if value is None:
        return "–"
    if kind == Kind.TEXT:
        return str(value)
    if kind == Kind.COUNT and type(value) is int and 0 <= value < 1000:
        return str(value)  # what number_format gives below the first group of digits, in every locale, only faster
    if kind == Kind.SHARE and 0 <= value <= 1:
        return f"{half_up(value * 100, 0)}\u00a0%"  # a whole percent of at most 100: number_format adds nothing
    if kind == Kind.SHARE:
        return f"{formats.number_format(half_up(value * 100, 0), 0, use_l10n=True)}\u00a0%"
    if kind == Kind.MEAN:
        return formats.number_format(half_up(value, 1), 1, use_l10n=True)
    if kind == Kind.DAYS:
        return formats.number_format(value, 1 if value % 1 else 0, use_l10n=True, force_grouping=True)
    return formats.number_format(value, 0, use_l10n=True, force_grouping=True)
