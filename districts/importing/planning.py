"""Plan an import: validate every row and work out whom it creates and updates, and what changes.

Nothing here writes: `plan_import` returns an `ImportPlan` that the preview shows and that
`districts.services.staff_import_apply` carries out. Districts and units must already exist
(they are reference data kept in the admin); a row naming an unknown one is an error, so a
typo never creates a new unit. The steps live beside this module: `rows` reads each row on its own,
`references` checks the people rows point to, `plan` holds the result.
"""

from django.utils.translation import gettext_lazy

from districts.importing.plan import ImportPlan, PlannedRow, RowError
from districts.importing.reading import read_table
from districts.importing.references import ReferenceCheck
from districts.importing.rows import RowReader
from districts.models import Organisation, StaffMember

__all__ = ["ImportPlan", "PlannedRow", "RowError", "plan_import"]


def plan_import(*, organisation: Organisation, content: bytes, filename: str) -> ImportPlan:
    """Validate every row of the file and return what importing it would create, update and leave."""
    header, data = read_table(content, filename)
    reader = RowReader(organisation)
    positions = reader.map_headers(header)
    plan = reader.plan

    all_rows = []
    for line, cells in data:
        valid, row = reader.parse_row(line, cells, positions)
        all_rows.append(row)
        if valid:
            plan.rows.append(row)

    ReferenceCheck(reader=reader, organisation=organisation, all_rows=all_rows).run()

    plan.errors.sort(key=lambda error: error.line)
    if plan.is_valid:
        for row in plan.rows:
            if row.existing is not None:
                row.changes = _changes(row)
    return plan


def _changes(row: PlannedRow) -> list[str]:
    """Return the labels of the fields the row would change on the existing person."""
    person = row.existing
    meta = StaffMember._meta
    changed = [
        str(meta.get_field(key).verbose_name) for key, value in row.values.items() if getattr(person, key) != value
    ]
    if person.unit_id != row.unit.pk:
        changed.append(str(meta.get_field("unit").verbose_name))
    if row.roles is not None and row.roles != frozenset(role.role for role in person.roles.all()):
        changed.append(str(gettext_lazy("roller")))
    for key in ("supervisor", "mentor"):
        if key not in row.columns:
            continue
        current = getattr(person, key)
        current_email = current.work_email.lower() if current else None
        if current_email != getattr(row, f"{key}_email"):
            changed.append(str(meta.get_field(key).verbose_name))
    return changed
