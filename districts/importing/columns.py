"""The columns of a staff file: their Swedish headers and aliases, and how their values are read."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from districts.importing.reading import cell_text
from districts.models import CompetenceLevel, EmploymentType, Gender, IntroductionProfile


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    aliases: tuple[str, ...] = ()


COLUMNS = [
    Column("first_name", "förnamn", required=True),
    Column("last_name", "efternamn", required=True),
    Column("work_email", "e-post", required=True, aliases=("epost", "e-postadress", "mejl")),
    Column("district", "stadsdel", required=True),
    Column("unit", "enhet", required=True),
    Column("area", "område"),
    Column("roles", "roller", aliases=("roll",)),
    Column("employment_start", "anställningsdatum", aliases=("startdatum",)),
    Column("employment_type", "anställningsform"),
    Column("competence_level", "kompetensnivå"),
    Column("introduction_profile", "introduktionsprofil"),
    Column("gender", "kön"),
    Column("supervisor", "1:e socialsekreterare", aliases=("handledare",)),
    Column("mentor", "fadder", aliases=("mentor",)),
    Column("employment_end", "slutdatum"),
    Column("profession_start", "i yrket sedan", aliases=("i yrket från",)),
]
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
HEADER_TO_KEY = {name: column.key for column in COLUMNS for name in (column.header, *column.aliases)}

# Fields copied to StaffMember as they are, in the order changes are listed in the preview.
PLAIN_FIELDS = [
    "first_name",
    "last_name",
    "employment_start",
    "employment_end",
    "profession_start",
    "employment_type",
    "competence_level",
    "introduction_profile",
    "gender",
]
CHOICE_FIELDS = {
    "employment_type": (EmploymentType, EmploymentType.TILLSVIDARE),
    "competence_level": (CompetenceLevel, CompetenceLevel.NYBORJARE),
    "introduction_profile": (IntroductionProfile, ""),
    "gender": (Gender, Gender.EJ_ANGIVET),
}


def choice_lookup(choices) -> dict[str, str]:
    """Map codes and Swedish (and English) labels, lower-cased, to the stored value."""
    lookup = {}
    for value, label in choices.choices:
        lookup[value.lower()] = value
        for language in ("sv", "en"):
            with translation.override(language):
                lookup[str(label).lower()] = value
    return lookup


def swedish_labels(choices) -> str:
    """Return the choices' Swedish labels, for a message that lists what may be written."""
    with translation.override("sv"):
        return ", ".join(str(label) for _value, label in choices.choices)


def parse_date(raw: Any) -> datetime.date:
    """Return a date cell, or text written ÅÅÅÅ-MM-DD, as a date; raise ValueError with a Swedish message."""
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    try:
        return datetime.date.fromisoformat(cell_text(raw))
    except ValueError as error:
        raise ValueError(_("ogiltigt datum ”%(value)s”, skriv ÅÅÅÅ-MM-DD") % {"value": cell_text(raw)}) from error


def normalise_header(header: str) -> str:
    """Return a header cell lower-cased, without a BOM and with single spaces, to match against COLUMNS."""
    return " ".join(header.lower().replace("\ufeff", "").split())
