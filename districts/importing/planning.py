"""Plan an import: validate every row and work out whom it creates and updates, and what changes.

Nothing here writes: `plan_import` returns an `ImportPlan` that the preview shows and that
`districts.services.staff_import_apply` carries out. Districts and units must already exist
(they are reference data kept in the admin); a row naming an unknown one is an error, so a
typo never creates a new unit.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from districts import clock, supervision
from districts.importing.columns import (
    CHOICE_FIELDS,
    COLUMN_BY_KEY,
    COLUMNS,
    HEADER_TO_KEY,
    PLAIN_FIELDS,
    choice_lookup,
    normalise_header,
    parse_date,
    swedish_labels,
)
from districts.importing.reading import ImportFileError, cell_text, read_table
from districts.models import Area, CompetenceLevel, Organisation, Role, StaffMember, Unit


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


class _Planner:
    def __init__(self, organisation: Organisation):
        self.organisation = organisation
        self.plan = ImportPlan()
        # Every email seen in the file, also on bad rows, so a reference to a bad row is not a second error.
        self.first_line_of: dict[str, int] = {}
        self.choice_lookups = {key: choice_lookup(choices) for key, (choices, _d) in CHOICE_FIELDS.items()}
        self.role_lookup = choice_lookup(Role)
        self.area_lookup = choice_lookup(Area)
        self.units: dict[tuple[str, str], Unit] = {}
        self.districts: set[str] = set()
        for unit in Unit.objects.filter(district__organisation=organisation).select_related("district"):
            self.units[(unit.district.name.lower(), unit.name.lower())] = unit
            self.districts.add(unit.district.name.lower())
        self.districts.update(name.lower() for name in organisation.districts.values_list("name", flat=True))

    def error(self, line: int, key: str, message: str):
        self.plan.errors.append(RowError(line, COLUMN_BY_KEY[key].header if key in COLUMN_BY_KEY else key, message))

    def map_headers(self, header: list[str]) -> dict[str, int]:
        positions: dict[str, int] = {}
        problems = []
        for index, raw in enumerate(header):
            name = normalise_header(raw)
            if not name:
                continue
            key = HEADER_TO_KEY.get(name)
            if key is None:
                problems.append(_("okänd kolumn ”%(name)s”") % {"name": raw})
            elif key in positions:
                problems.append(_("kolumnen ”%(name)s” finns två gånger") % {"name": raw})
            else:
                positions[key] = index
        missing = [column.header for column in COLUMNS if column.required and column.key not in positions]
        if missing:
            problems.append(_("kolumner saknas: %(names)s") % {"names": ", ".join(missing)})
        if problems:
            expected = ", ".join(column.header for column in COLUMNS)
            raise ImportFileError(
                _("Rubrikraden (rad 1) stämmer inte: %(problems)s. Kolumnerna heter: %(expected)s.")
                % {"problems": "; ".join(problems), "expected": expected}
            )
        return positions

    def parse_row(self, line: int, cells: list[Any], positions: dict[str, int]) -> tuple[bool, PlannedRow]:
        """Return whether the row is valid and what it says (its references are checked later)."""
        raw = {key: (cells[index] if index < len(cells) else None) for key, index in positions.items()}
        text = {key: cell_text(value) for key, value in raw.items()}
        errors_before = len(self.plan.errors)
        values: dict[str, Any] = {}

        for key in ("first_name", "last_name"):
            if not text[key]:
                self.error(line, key, _("saknas"))
            elif len(text[key]) > 100:
                self.error(line, key, _("för långt (högst 100 tecken)"))
            values[key] = text[key]

        email = text["work_email"].lower()
        if not email:
            self.error(line, "work_email", _("saknas"))
        else:
            try:
                validate_email(email)
            except ValidationError:
                self.error(line, "work_email", _("ogiltig e-postadress ”%(value)s”") % {"value": text["work_email"]})
            if email in self.first_line_of:
                self.error(
                    line,
                    "work_email",
                    _("e-postadressen %(email)s finns redan på rad %(first)s")
                    % {"email": email, "first": self.first_line_of[email]},
                )
            else:
                self.first_line_of[email] = line

        unit = self._unit(line, text)
        if unit is not None and text.get("area"):
            area = self.area_lookup.get(text["area"].lower())
            if area is None:
                self.error(
                    line,
                    "area",
                    _("okänt område ”%(value)s” (välj bland: %(labels)s)")
                    % {"value": text["area"], "labels": swedish_labels(Area)},
                )
            elif area != unit.area:
                self.error(
                    line,
                    "area",
                    _("enheten %(unit)s hör till område %(actual)s, inte %(given)s")
                    % {"unit": unit.name, "actual": unit.get_area_display(), "given": text["area"]},
                )

        roles = None
        if "roles" in positions and text["roles"]:
            roles = set()
            for part in text["roles"].replace(";", ",").split(","):
                name = part.strip()
                if not name:
                    continue
                role = self.role_lookup.get(name.lower())
                if role is None:
                    self.error(
                        line,
                        "roles",
                        _("okänd roll ”%(value)s” (välj bland: %(labels)s)")
                        % {"value": name, "labels": swedish_labels(Role)},
                    )
                else:
                    roles.add(role)

        for key in ("employment_start", "employment_end", "profession_start"):
            if key not in positions:
                continue
            values[key] = None
            if text[key]:
                try:
                    values[key] = parse_date(raw[key])
                except ValueError as error:
                    self.error(line, key, str(error))
        start, end = values.get("employment_start"), values.get("employment_end")
        if start and end and end < start:
            self.error(line, "employment_end", _("slutdatum är före anställningsdatum"))
        if values.get("profession_start") and values["profession_start"] > clock.today():
            self.error(line, "profession_start", _("dagen i yrket ligger i framtiden"))

        for key, (choices, default) in CHOICE_FIELDS.items():
            if key not in positions:
                continue
            if not text[key]:
                values[key] = default
                continue
            value = self.choice_lookups[key].get(text[key].lower())
            if value is None:
                self.error(
                    line,
                    key,
                    _("okänt värde ”%(value)s” (välj bland: %(labels)s)")
                    % {"value": text[key], "labels": swedish_labels(choices)},
                )
            values[key] = value

        references = {}
        for key in ("supervisor", "mentor"):
            reference = text.get(key, "").lower() or None
            if reference and reference == email:
                self.error(
                    line, key, _("en person kan inte vara sin egen %(what)s") % {"what": COLUMN_BY_KEY[key].header}
                )
            references[key] = reference

        return len(self.plan.errors) == errors_before, PlannedRow(
            line=line,
            email=email,
            values={key: value for key, value in values.items() if key in PLAIN_FIELDS},
            unit=unit,
            roles=frozenset(roles) if roles is not None else None,
            supervisor_email=references["supervisor"],
            mentor_email=references["mentor"],
            columns=frozenset(positions),
        )

    def _unit(self, line: int, text: dict[str, str]) -> Unit | None:
        district_name, unit_name = text["district"], text["unit"]
        if not district_name:
            self.error(line, "district", _("saknas"))
            return None
        if district_name.lower() not in self.districts:
            self.error(
                line,
                "district",
                _("okänd stadsdel ”%(value)s” (stadsdelar och enheter läggs upp av administratören)")
                % {"value": district_name},
            )
            return None
        if not unit_name:
            self.error(line, "unit", _("saknas"))
            return None
        unit = self.units.get((district_name.lower(), unit_name.lower()))
        if unit is None:
            self.error(
                line,
                "unit",
                _("okänd enhet ”%(unit)s” i stadsdel %(district)s") % {"unit": unit_name, "district": district_name},
            )
        return unit


def _existing_by_email(emails: Iterable[str]) -> dict[str, StaffMember]:
    emails = list(emails)
    found: dict[str, StaffMember] = {}
    for start in range(0, len(emails), 1000):
        chunk = emails[start : start + 1000]
        for staff in (
            StaffMember.objects.annotate(email_lower=Lower("work_email"))
            .filter(email_lower__in=chunk)
            .select_related("supervisor", "mentor")
            .prefetch_related("roles")
        ):
            found[staff.email_lower] = staff
    return found


def plan_import(*, organisation: Organisation, content: bytes, filename: str) -> ImportPlan:
    """Validate every row of the file and return what importing it would create, update and leave."""
    header, data = read_table(content, filename)
    planner = _Planner(organisation)
    positions = planner.map_headers(header)
    plan = planner.plan

    all_rows = []
    for line, cells in data:
        valid, row = planner.parse_row(line, cells, positions)
        all_rows.append(row)
        if valid:
            plan.rows.append(row)

    in_file = {row.email: row for row in plan.rows}
    references = {row.supervisor_email for row in all_rows} | {row.mentor_email for row in all_rows}
    existing = _existing_by_email(set(in_file) | {email for email in references if email})

    for row in plan.rows:
        person = existing.get(row.email)
        if person is not None and person.organisation_id != organisation.pk:
            planner.error(row.line, "work_email", _("e-postadressen används redan i en annan organisation"))
        row.existing = person if person is not None and person.organisation_id == organisation.pk else None

    def roles_of(email: str) -> frozenset[str] | None:
        if email in planner.first_line_of and email not in in_file:
            return frozenset(Role)  # a bad row of its own; its error is already listed
        row = in_file.get(email)
        if row is not None:
            if row.roles is not None:
                return row.roles
            if row.existing is not None:
                return frozenset(role.role for role in row.existing.roles.all())
            return frozenset({Role.SOCIALSEKRETERARE})
        person = existing.get(email)
        if person is None or person.organisation_id != organisation.pk:
            return None
        return frozenset(role.role for role in person.roles.all())

    def level_of(email: str) -> str | None:
        """Return the competence level the person will have after the import (None: a bad row of its own)."""
        row = in_file.get(email)
        if row is not None:
            if "competence_level" in row.values:
                return row.values["competence_level"]
            return row.existing.competence_level if row.existing is not None else CompetenceLevel.NYBORJARE
        if email in planner.first_line_of:
            return None
        person = existing.get(email)
        return person.competence_level if person is not None else None

    def supervisor_refusal(row: PlannedRow) -> str:
        """Return why the row's newly named supervisor may not supervise, or "" (the staff form's rule)."""
        hire = in_file.get(row.email)
        person = hire.existing if hire is not None else None
        current = person.supervisor.work_email.lower() if person is not None and person.supervisor else None
        level = level_of(row.supervisor_email)
        if current == row.supervisor_email or level is None or supervision.may_supervise(level):
            return ""
        supervisor = existing.get(row.supervisor_email)
        if (
            person is not None
            and supervisor is not None
            and supervision.has_exception(staff_id=person.pk, supervisor_id=supervisor.pk)
        ):
            return ""
        return (
            supervision.level_refusal(name=row.supervisor_email, level=level)
            + " "
            + _("En utbildningssamordnare kan göra ett undantag på personens sida.")
        )

    for row in all_rows:
        if row.supervisor_email:
            supervisor_roles = roles_of(row.supervisor_email)
            if supervisor_roles is None:
                planner.error(
                    row.line,
                    "supervisor",
                    _("%(email)s finns varken i filen eller bland organisationens medarbetare")
                    % {"email": row.supervisor_email},
                )
            elif Role.FORSTE_SOCIALSEKRETERARE not in supervisor_roles:
                planner.error(
                    row.line,
                    "supervisor",
                    _("%(email)s är inte 1:e socialsekreterare") % {"email": row.supervisor_email},
                )
            elif refusal := supervisor_refusal(row):
                planner.error(row.line, "supervisor", refusal)
        if row.mentor_email and roles_of(row.mentor_email) is None:
            planner.error(
                row.line,
                "mentor",
                _("%(email)s finns varken i filen eller bland organisationens medarbetare")
                % {"email": row.mentor_email},
            )
    for email in references:
        if email and email not in in_file and email in existing and existing[email].organisation_id == organisation.pk:
            plan.referenced_people[email] = existing[email].pk

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
