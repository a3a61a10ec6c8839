"""Search staff by the words of their name or work e-mail, in a form PostgreSQL answers from one trigram index."""

from django.db import connections
from django.db.models import Func, QuerySet, TextField

# pg_trgm finds a word in the index only from its trigrams: a shorter word is read from the rows whatever we do.
TRIGRAM = 3


class StaffSearchText(Func):
    """First name, last name and work e-mail joined by spaces: the text staff_search_trgm_idx indexes (upper-cased).

    The SQL must stay `(first_name || ' ' || last_name || ' ' || work_email)` for the index to match it (districts
    migration 0013); a test checks that PostgreSQL can use the index for the staff list's search."""

    function = ""
    arg_joiner = " || ' ' || "
    output_field = TextField()


def matching_staff(
    *, queryset: QuerySet, search: str, path: str = "", max_words: int | None = None, reads_all: bool = False
) -> QuerySet:
    """Keep the rows whose staff member (at `path`, e.g. "staff__") has every word of `search` in their first name,
    last name or work e-mail ("anna berg", "berg").

    A word holds no space, so it is in the joined text exactly when it is in one of the three: one LIKE per word
    on one indexed expression instead of three over every row of the organisation.

    `reads_all`: the caller reads every match (the staff list's ordered ids), not the first few by name."""
    words = search.split()[:max_words]
    if not words:
        return queryset
    queryset = queryset.alias(
        staff_search_text=StaffSearchText(f"{path}first_name", f"{path}last_name", f"{path}work_email")
    )
    price_like = reads_all and connections[queryset.db].vendor == "postgresql"
    for word in words:
        queryset = queryset.filter(staff_search_text__icontains=word)
        if price_like and len(word) >= TRIGRAM:
            # The same condition once more, as a cost for the planner: it prices the LIKE as one cheap operator,
            # so reading the organisation's 20,000 rows by its btree index and testing each ties with the trigram
            # index's candidates and wins the tie (EXPLAIN ANALYZE: 19 ms against 5 ms for "lind"). Counted twice
            # on every row the organisation's scan would test but once on the index's candidates, the trigram plan
            # is chosen where it is selective and the organisation's rows where it is not (a city, a common
            # word). PostgreSQL tests the second copy only on rows the first kept. Not for a query that reads the
            # first few matches by name (the nominee search, a page of the plans overview): the planner then
            # expects far fewer matches and gives up walking the name index, which finds 20 "lind" in 2 ms, for
            # the trigram candidates and a sort (15 ms).
            queryset = queryset.filter(staff_search_text__icontains=word)
    return queryset
