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


def paginate(request, queryset, *, per_page: int, count: int | None = None) -> tuple[Page, str]:
    """Return the requested page and the query string, without the page number, for the page links.

    Pass `count` when a cheaper query than counting `queryset` gives the same number (e.g. the
    plain rows behind an annotated, grouped queryset).
    """
    if count is None:
        paginator = Paginator(queryset, per_page)
    else:
        paginator = _KnownCountPaginator(queryset, per_page, count=count)
    number = request.GET.get(PAGE_PARAMETER)
    page = paginator.get_page(paginator.num_pages if number == "last" else number)
    query = request.GET.copy()
    query.pop(PAGE_PARAMETER, None)
    return page, query.urlencode()
