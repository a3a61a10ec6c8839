"""Split list pages the same way on every page: `?sida=N` or `?sida=last`, with the filters kept in links."""

from django.core.paginator import Page, Paginator

PAGE_PARAMETER = "sida"


class _KnownCountPaginator(Paginator):
    """A paginator told its row count, for querysets whose own count would be needlessly expensive."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


class _IdsFirstPaginator(Paginator):
    """A paginator that picks a page's ids before reading its rows.

    An offset makes the database build every row it skips: on page 50 of the staff list, 2,450 people joined to
    their unit, district, supervisor and mentor only to be dropped. Picked as ids, the skipped rows are index
    entries (staff_org_name_id_idx covers the list's order and filter), and only the page's rows are joined."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)  # one may go in between


def paginate(
    request, queryset, *, per_page: int, count: int | None = None, ids_first: bool = False
) -> tuple[Page, str]:
    """Return the requested page and the query string, without the page number, for the page links.

    Pass `count` when a cheaper query than counting `queryset` gives the same number (e.g. the
    plain rows behind an annotated, grouped queryset), and `ids_first` for a joined queryset whose
    order an index holds (see _IdsFirstPaginator); the two do not combine.
    """
    if ids_first:
        paginator = _IdsFirstPaginator(queryset, per_page)
    elif count is None:
        paginator = Paginator(queryset, per_page)
    else:
        paginator = _KnownCountPaginator(queryset, per_page, count=count)
    number = request.GET.get(PAGE_PARAMETER)
    page = paginator.get_page(paginator.num_pages if number == "last" else number)
    query = request.GET.copy()
    query.pop(PAGE_PARAMETER, None)
    return page, query.urlencode()
