"""Hide small groups: every report cell that describes fewer people than the threshold shows "< N".

Reports build their cells through a `Suppressor`, and pages and every export render the cells
they are given, so no output can show a number the page hides. `protect_table` (and, for tables
that are parts of each other, `protect_cells`) then adds the complementary suppression a table
needs: it writes the table's arithmetic down as equations (a column's cells add up to its total,
women and men to the row's total, a district's units to the district) and hides more cells until
no hidden cell, and no line's sum of hidden cells, is fixed by those equations at a value between
1 and the threshold − 1 (every table runs it when built, before a chart is drawn from its cells).

The cells are in `cells`, the hiding loop in `complementary`, and what a reader can work out from a
table (equations, bounds) in `disclosure`, by linear programming in `programming` (part by part of
the table); `cache` remembers what was hidden in a table, keyed by its content, for the next run on
the same table (the page's exports, the next reader).
"""

from reports.suppression.cells import Hidden, Suppressor, for_organisation
from reports.suppression.complementary import protect_cells, protect_table, table_lines
from reports.suppression.disclosure import Line, Position

__all__ = [
    "Hidden",
    "Line",
    "Position",
    "Suppressor",
    "for_organisation",
    "protect_cells",
    "protect_table",
    "table_lines",
]
