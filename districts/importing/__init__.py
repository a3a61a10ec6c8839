"""Read a staff file (CSV or XLSX), validate every row and plan what an import would create and update.

The modules follow the steps: `columns` (the file's columns and how their values are read), `reading`
(the file into rows), `rows` (each row checked on its own), `references` (the supervisors and mentors
rows point to, against the file and the staff already there), `plan` (the `ImportPlan` that results),
`planning` (`plan_import`, running those steps without writing) and `samples` (the sample file).
`districts.services.staff_import_apply` carries a plan out. The public names are re-exported here, so
callers write `importing.plan_import`.
"""

from districts.importing.columns import CHOICE_FIELDS, COLUMN_BY_KEY, COLUMNS, HEADER_TO_KEY, PLAIN_FIELDS, Column
from districts.importing.plan import ImportPlan, PlannedRow, RowError
from districts.importing.planning import plan_import
from districts.importing.reading import MAX_FILE_BYTES, MAX_ROWS, ImportFileError, read_table
from districts.importing.samples import sample_csv, sample_rows, sample_xlsx

__all__ = [
    "CHOICE_FIELDS",
    "COLUMNS",
    "COLUMN_BY_KEY",
    "HEADER_TO_KEY",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "PLAIN_FIELDS",
    "Column",
    "ImportFileError",
    "ImportPlan",
    "PlannedRow",
    "RowError",
    "plan_import",
    "read_table",
    "sample_csv",
    "sample_rows",
    "sample_xlsx",
]
