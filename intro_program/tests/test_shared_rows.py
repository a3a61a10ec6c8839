"""Rows seeded once for a module (plugins.shared_rows): every test sees them, no test sees another's writes."""

import pytest

from districts.models import Organisation
from districts.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

SEEN = {}


@pytest.fixture(scope="module")
def seeded(seed_for_module):
    yield from seed_for_module(lambda: OrganisationFactory(name="Seeded once").pk)


@pytest.mark.parametrize("turn", [1, 2])
def test_each_test_sees_the_seed_and_none_of_the_other_tests_writes(seeded, turn):
    assert Organisation.objects.filter(pk=seeded, name="Seeded once").exists()
    assert not Organisation.objects.filter(name__startswith="Written by a test").exists()
    Organisation.objects.filter(pk=seeded).update(name="Changed by a test")
    OrganisationFactory(name=f"Written by a test {turn}")
    SEEN[turn] = Organisation.objects.count()
    if turn == 2:
        assert SEEN[1] == SEEN[2]  # the first test's row was rolled back before the second wrote its own
