import pytest

from courses.tests.factories import del1_of, del2_of
from districts.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_new_organisation_gets_the_default_programme():
    organisation = OrganisationFactory()
    assert del1_of(organisation).modules.count() == 3
    assert sum(m.days for m in del2_of(organisation).modules.all()) == 12.5
    assert del2_of(organisation).modules.count() == 19
