import pytest

from districts.importing.references import ReferenceCheck, existing_by_email
from districts.importing.rows import RowReader
from districts.models import Role
from districts.tests.importing.files import HEADER, valid_rows

pytestmark = pytest.mark.django_db


def _check(world, rows):
    reader = RowReader(world.organisation)
    positions = reader.map_headers(HEADER.split(";"))
    all_rows = []
    for line, row in enumerate(rows, start=2):
        valid, planned = reader.parse_row(line, row.split(";"), positions)
        all_rows.append(planned)
        if valid:
            reader.plan.rows.append(planned)
    ReferenceCheck(reader=reader, organisation=world.organisation, all_rows=all_rows).run()
    return reader.plan


def test_existing_staff_are_found_whatever_the_case_of_their_email(world):
    email = world.hire.work_email
    assert existing_by_email([email.lower()]) == {email.lower(): world.hire}


def test_a_supervisor_and_mentor_in_the_file_or_already_employed_are_accepted(world):
    plan = _check(world, valid_rows(world)[:2])
    assert plan.errors == []
    # The mentor is an existing person, not a row of the file: the import links that person.
    assert plan.referenced_people == {world.hire.work_email.lower(): world.hire.pk}


def test_a_supervisor_who_is_not_a_forste_socialsekreterare_is_refused(world):
    hr = world.people[Role.HR].work_email
    rows = valid_rows(world)[:2]
    rows[1] = rows[1].replace("karin.lindqvist@example.se", hr)
    plan = _check(world, rows)
    assert [(error.line, error.column) for error in plan.errors] == [(3, "1:e socialsekreterare")]
    assert "inte 1:e socialsekreterare" in plan.errors[0].message


def test_an_unknown_mentor_is_refused(world):
    rows = valid_rows(world)[:2]
    rows[1] = rows[1].replace(world.hire.work_email, "nobody@example.se")
    plan = _check(world, rows)
    assert [(error.line, error.column) for error in plan.errors] == [(3, "fadder")]
