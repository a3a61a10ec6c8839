import pytest
from django.test import RequestFactory

from districts.models import StaffMember
from districts.pagination import paginate
from districts.tests.factories import StaffMemberFactory, UnitFactory

ROWS = list(range(1, 24))  # 23 rows: pages of 10, 10 and 3


def _get(**query):
    return RequestFactory().get("/", query)


def test_last_goes_to_the_last_page_and_the_filters_stay_without_the_page_number():
    page, query = paginate(_get(sida="last", sok="anna"), ROWS, per_page=10)
    assert page.number == 3 and list(page.object_list) == [21, 22, 23]
    assert query == "sok=anna"


def test_a_page_number_out_of_range_or_garbage_gives_a_real_page():
    assert paginate(_get(sida="99"), ROWS, per_page=10)[0].number == 3
    assert paginate(_get(sida="x"), ROWS, per_page=10)[0].number == 1


def test_a_known_count_replaces_counting_the_rows():
    page, _query = paginate(_get(sida="last"), ROWS, per_page=10, count=15)
    assert page.paginator.count == 15 and page.number == 2


class _Unread(list):
    """Rows that fail the test when a page is sliced from them."""

    def __getitem__(self, index):
        raise AssertionError("read the rows for a page the head holds")


def test_a_known_head_gives_its_pages_and_the_rows_give_the_pages_after_it():
    head = ROWS[:12]  # a page and a bit
    for number, expected in (("1", ROWS[:10]), ("2", ROWS[10:20]), ("last", ROWS[20:])):
        page, _query = paginate(_get(sida=number), ROWS, per_page=10, count=len(ROWS), head=head)
        assert list(page.object_list) == expected
    page, _query = paginate(_get(sida="1"), _Unread(ROWS), per_page=10, count=len(ROWS), head=head)
    assert list(page.object_list) == ROWS[:10]
    page, _query = paginate(_get(sida="last"), _Unread(ROWS), per_page=10, count=len(ROWS), head=ROWS)
    assert list(page.object_list) == ROWS[20:] and page.paginator.num_pages == 3


@pytest.mark.django_db
def test_a_page_picked_by_ids_first_holds_the_same_rows_in_the_same_order_joined(django_assert_num_queries):
    unit = UnitFactory()
    for last_name in ("Berg", "Alm", "Berg", "Ek", "Alm"):  # ties are broken by id
        StaffMemberFactory(unit=unit, last_name=last_name, first_name="Ann")
    staff = StaffMember.objects.filter(unit=unit).select_related("unit").order_by("last_name", "first_name", "pk")
    for number in ("1", "2", "last"):
        plain, _query = paginate(_get(sida=number), staff, per_page=2)
        page, _query = paginate(_get(sida=number), staff, per_page=2, ids_first=True)
        assert page.number == plain.number and list(page.object_list) == list(plain.object_list)
    with django_assert_num_queries(0):
        assert {row.unit for row in page.object_list} == {unit}


@pytest.mark.django_db
def test_a_page_picked_from_all_ids_holds_the_same_rows_and_count_in_one_query_less(django_assert_num_queries):
    unit = UnitFactory()
    for last_name in ("Berg", "Alm", "Berg", "Ek", "Alm"):
        StaffMemberFactory(unit=unit, last_name=last_name, first_name="Ann")
    staff = StaffMember.objects.filter(unit=unit).select_related("unit").order_by("last_name", "first_name", "pk")
    for number in ("1", "2", "last", "99"):
        plain, _query = paginate(_get(sida=number), staff, per_page=2)
        with django_assert_num_queries(2):  # every id in order (the count), then the page's rows
            page, _query = paginate(_get(sida=number), staff, per_page=2, ids_first=True, all_ids=True)
            rows = list(page.object_list)
        assert (page.number, page.paginator.count, page.paginator.num_pages) == (plain.number, 5, 3)
        assert rows == list(plain.object_list)
