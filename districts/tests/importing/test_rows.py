import pytest

from districts.importing.columns import COLUMNS
from districts.importing.reading import ImportFileError
from districts.importing.rows import RowReader
from districts.tests.importing.files import HEADER, valid_rows

pytestmark = pytest.mark.django_db


def _cells(row: str) -> list[str]:
    return row.split(";")


def test_the_header_maps_each_column_to_its_position(world):
    positions = RowReader(world.organisation).map_headers(HEADER.split(";"))
    assert positions["first_name"] == 0
    assert positions["work_email"] == 2
    assert set(positions) == {column.key for column in COLUMNS if column.header in HEADER.split(";")}


def test_an_unknown_or_repeated_column_refuses_the_header(world):
    with pytest.raises(ImportFileError, match="okänd kolumn ”skostorlek”.*finns två gånger"):
        RowReader(world.organisation).map_headers([*HEADER.split(";"), "skostorlek", "e-post"])


def test_a_valid_row_is_read_into_its_values_unit_and_references(world):
    reader = RowReader(world.organisation)
    positions = reader.map_headers(HEADER.split(";"))
    valid, row = reader.parse_row(3, _cells(valid_rows(world)[1]), positions)
    assert valid and reader.plan.errors == []
    assert (row.email, row.unit, row.supervisor_email) == (
        "sara.holm@example.se",
        world.own_unit,
        "karin.lindqvist@example.se",
    )
    assert row.values["first_name"] == "Sara"


def test_a_bad_row_is_reported_by_line_and_column_and_its_email_still_counts(world):
    reader = RowReader(world.organisation)
    positions = reader.map_headers(HEADER.split(";"))
    bad = valid_rows(world)[1].replace("2025-09-01", "2025-13-01")
    valid, row = reader.parse_row(3, _cells(bad), positions)
    assert not valid
    assert [(error.line, error.column) for error in reader.plan.errors] == [(3, "anställningsdatum")]
    # A later reference to this person is not reported a second time as unknown.
    assert reader.first_line_of == {"sara.holm@example.se": 3}
