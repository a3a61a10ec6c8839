"""Read each row of a staff file on its own: the header's columns, then every cell of a row checked and parsed.

A row's references to other people (supervisor, mentor) are only read here; `references` checks them
once every row is known.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from districts import clock
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
from districts.importing.plan import ImportPlan, PlannedRow, RowError
from districts.importing.reading import ImportFileError, cell_text
from districts.models import Area, Organisation, Role, Unit


class RowReader:
    """Check the rows of one file against an organisation's districts, units and choices, collecting errors."""

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
