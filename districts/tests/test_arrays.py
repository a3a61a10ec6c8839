"""`districts.arrays.among`: the same rows as `__in`, for a list of ids and for a subquery."""

import pytest

from districts import arrays
from districts.models import StaffMember
from districts.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def test_among_keeps_the_rows_in_keeps_for_a_list_and_for_a_subquery():
    first, second, _other = StaffMemberFactory(), StaffMemberFactory(), StaffMemberFactory()
    ids = [first.pk, second.pk]
    subquery = StaffMember.objects.filter(pk__in=ids).values("pk")
    for values in (ids, subquery, []):
        found = set(StaffMember.objects.filter(arrays.among("pk", values)).values_list("pk", flat=True))
        assert found == set(StaffMember.objects.filter(pk__in=values).values_list("pk", flat=True))
    assert set(StaffMember.objects.filter(arrays.among("pk", ids)).values_list("pk", flat=True)) == set(ids)
