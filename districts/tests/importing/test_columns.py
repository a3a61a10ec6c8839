import datetime

import pytest

from districts.importing import columns
from districts.models import CompetenceLevel, Role


def test_every_header_and_alias_names_one_column():
    assert columns.HEADER_TO_KEY["e-post"] == columns.HEADER_TO_KEY["mejl"] == "work_email"
    assert columns.HEADER_TO_KEY["handledare"] == "supervisor"
    headers = [name for column in columns.COLUMNS for name in (column.header, *column.aliases)]
    assert len(headers) == len(set(headers)) == len(columns.HEADER_TO_KEY)
    assert {c.key for c in columns.COLUMNS if c.required} == {
        "first_name",
        "last_name",
        "work_email",
        "district",
        "unit",
    }


def test_headers_are_matched_without_case_bom_or_extra_spaces():
    assert columns.normalise_header("\ufeffFörnamn") == "förnamn"
    assert columns.normalise_header("  1:e   Socialsekreterare ") == "1:e socialsekreterare"


def test_choices_are_read_from_codes_and_from_swedish_or_english_labels():
    levels = columns.choice_lookup(CompetenceLevel)
    assert levels["nyborjare"] == levels["nybörjare"] == levels["beginner"] == CompetenceLevel.NYBORJARE
    roles = columns.choice_lookup(Role)
    assert roles["1:e socialsekreterare"] == Role.FORSTE_SOCIALSEKRETERARE
    assert roles["social worker"] == roles["socialsekreterare"] == Role.SOCIALSEKRETERARE
    assert "Nybörjare" in columns.swedish_labels(CompetenceLevel)


def test_dates_are_read_from_cells_or_iso_text_and_a_bad_one_says_how_to_write_it():
    assert columns.parse_date(datetime.datetime(2025, 3, 3, 8)) == datetime.date(2025, 3, 3)
    assert columns.parse_date(datetime.date(2025, 3, 3)) == datetime.date(2025, 3, 3)
    assert columns.parse_date(" 2025-03-03 ") == datetime.date(2025, 3, 3)
    with pytest.raises(ValueError, match="ÅÅÅÅ-MM-DD"):
        columns.parse_date("3/3 2025")
