"""What planning an import finds: the valid rows, the errors by line, and the people the rows point to."""

from dataclasses import dataclass, field
from typing import Any

from districts.models import StaffMember, Unit


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str


@dataclass
class PlannedRow:
    """One valid row: what the person will look like and what changes."""

    line: int
    email: str
    values: dict[str, Any]
    unit: Unit
    roles: frozenset[str] | None
    supervisor_email: str | None
    mentor_email: str | None
    columns: frozenset[str]
    existing: StaffMember | None = None
    changes: list[str] = field(default_factory=list)

    @property
    def action(self) -> str:
        if self.existing is None:
            return "create"
        return "update" if self.changes else "unchanged"

    @property
    def full_name(self) -> str:
        return f"{self.values['first_name']} {self.values['last_name']}"


@dataclass
class ImportPlan:
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # Staff already in the organisation that rows point to as supervisor or mentor: email -> pk.
    referenced_people: dict[str, int] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def creates(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.action == "create"]

    @property
    def updates(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.action == "update"]

    @property
    def unchanged(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.action == "unchanged"]
