from django.test import RequestFactory

from districts.pagination import paginate

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
