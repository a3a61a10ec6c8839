"""Split list pages the same way on every page: `?sida=N` or `?sida=last`, with the filters kept in links."""

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

PAGE_PARAMETER = "sida"


class _KnownCountPaginator(Paginator):
    """A paginator told its row count, for querysets whose own count would be needlessly expensive."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


class _KnownHeadPaginator(_KnownCountPaginator):
    """A paginator told its row count and its first rows in order (`head`): a page among them is a slice of them.

    A page past them is read from the queryset as usual."""

    def __init__(self, object_list, per_page, *, count: int, head: list):
        super().__init__(object_list, per_page, count=count)
        self._head = head

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if top <= len(self._head) or len(self._head) >= self.count:
            return self._get_page(self._head[bottom:top], number, self)
        return super().page(number)


class _IdsFirstPaginator(Paginator):
    """A paginator that picks a page's ids before reading its rows.

    An offset makes the database build every row it skips: on page 50 of the staff list, 2,450 people joined to
    their unit, district, supervisor and mentor only to be dropped. Picked as ids, the skipped rows are index
    entries (staff_org_name_id_idx covers the list's order and filter), and only the page's rows are joined.

    `read_rows(queryset, ids)`, when given, reads the page's rows by id in its own way (e.g. as plain values)."""

    def __init__(self, object_list, per_page, *, read_rows=None):
        super().__init__(object_list, per_page)
        self._read_rows = read_rows

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self._page_ids(bottom, top)
        if self._read_rows is not None:
            rows = self._read_rows(self.object_list, ids)
        else:
            rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)  # one may go in between

    def _page_ids(self, bottom: int, top: int) -> list:
        return list(self.object_list.values_list("pk", flat=True)[bottom:top])


class _AllIdsPaginator(_IdsFirstPaginator):
    """A paginator that reads every id in order once: the count is how many there are, the page a slice of them.

    For a filter the database tests row by row, counting and then picking a page tests the rows twice: the staff
    search's LIKE on 20,000 names of a national organisation (PostgreSQL prefers the organisation's name index to
    the trigram index at that size) cost 35 ms for the count and 25 more for page 1's ids. Read once, it is one pass;
    a search keeps the ids few."""

    @cached_property
    def _ids(self) -> list:
        return list(self.object_list.values_list("pk", flat=True))

    @cached_property
    def count(self) -> int:
        return len(self._ids)

    def _page_ids(self, bottom: int, top: int) -> list:
        return self._ids[bottom:top]


def paginate(
    request,
    queryset,
    *,
    per_page: int,
    count: int | None = None,
    head: list | None = None,
    ids_first: bool = False,
    all_ids: bool = False,
    read_rows=None,
) -> tuple[Page, str]:
    """Return the requested page and the query string, without the page number, for the page links.

    Pass `count` when a cheaper query than counting `queryset` gives the same number (e.g. the
    plain rows behind an annotated, grouped queryset), and `ids_first` for a joined queryset whose
    order an index holds (see _IdsFirstPaginator); the two do not combine. With `ids_first`, `all_ids` reads every
    id at once and counts them, for a filter that matches few rows but is tested row by row (see _AllIdsPaginator).
    With `ids_first`, `read_rows(queryset, ids)` reads a page's rows by id, as {id: row} (see _IdsFirstPaginator).
    With `count`, `head` gives the queryset's first rows, already read in its order: their pages are not queried.
    """
    if ids_first and all_ids:
        paginator = _AllIdsPaginator(queryset, per_page, read_rows=read_rows)
    elif ids_first:
        paginator = _IdsFirstPaginator(queryset, per_page, read_rows=read_rows)
    elif count is None:
        paginator = Paginator(queryset, per_page)
    elif head is not None:
        paginator = _KnownHeadPaginator(queryset, per_page, count=count, head=head)
    else:
        paginator = _KnownCountPaginator(queryset, per_page, count=count)
    number = request.GET.get(PAGE_PARAMETER)
    page = paginator.get_page(paginator.num_pages if number == "last" else number)
    query = request.GET.copy()
    query.pop(PAGE_PARAMETER, None)
    return page, query.urlencode()
