"""Search staff by the words of their name or work e-mail, in a form PostgreSQL answers from one trigram index."""

from django.db import connections
from django.db.models import BooleanField, Func, QuerySet, TextField

# pg_trgm finds a word in the index only from its trigrams: a shorter word is read from the rows whatever we do.
TRIGRAM = 3
# What a word's LIKE costs on the text, in the planner's tests of the text (LikeCost): the priced LIKE plus two
# more. With one more, the national organisation's 3,827 "berg" (a fifth of it) were still read by its btree
# index (32-39 ms) instead of the trigram index and the organisation's (15-22 ms, EXPLAIN ANALYZE).
LIKE_PRICE = 2


class StaffSearchText(Func):
    """First name, last name and work e-mail joined by spaces: the text staff_search_trgm_idx indexes (upper-cased).

    The SQL must stay `(first_name || ' ' || last_name || ' ' || work_email)` for the index to match it (districts
    migration 0013); a test checks that PostgreSQL can use the index for the staff list's search."""

    function = ""
    arg_joiner = " || ' ' || "
    output_field = TextField()


class LikeCost(Func):
    """`(UPPER(text) || '') IS NOT NULL`: true for every row, and priced by the planner as a test of the text.

    PostgreSQL prices `LIKE '%word%'` on the upper-cased text as one cheap operator, so reading the
    organisation's 20,000 rows by its btree index and testing each ties with the trigram index's candidates and
    wins the tie (EXPLAIN ANALYZE, national, "lind": 18 ms against 8 ms; "berg": 32-39 against 15-22 ms).
    Each copy of this condition adds the price of another test of the text to every row a plan tests, and
    nothing to the matches it expects (`IS NOT NULL` keeps all but its default 0.5 %): the trigram index is
    chosen where it is selective, the organisation's rows where it is not (a city), and a search that reads the
    first few by name still walks the name index (the nominee search, a page of the plans overview). A repeated
    LIKE priced it too but was counted as a second filter, which talked the planner out of that walk. Costed as
    the LIKE, PostgreSQL tests it after the word's LIKE, only on the rows the LIKE kept."""

    template = "(UPPER(%(expressions)s) || '') IS NOT NULL"
    output_field = BooleanField()
    conditional = True


def matching_staff(*, queryset: QuerySet, search: str, path: str = "", max_words: int | None = None) -> QuerySet:
    """Keep the rows whose staff member (at `path`, e.g. "staff__") has every word of `search` in their first name,
    last name or work e-mail ("anna berg", "berg").

    A word holds no space, so it is in the joined text exactly when it is in one of the three: one LIKE per word
    on one indexed expression instead of three over every row of the organisation."""
    words = search.split()[:max_words]
    if not words:
        return queryset
    text = StaffSearchText(f"{path}first_name", f"{path}last_name", f"{path}work_email")
    queryset = queryset.alias(staff_search_text=text)
    price_like = connections[queryset.db].vendor == "postgresql"
    for word in words:
        queryset = queryset.filter(staff_search_text__icontains=word)
        if price_like and len(word) >= TRIGRAM:
            for _copy in range(LIKE_PRICE):
                queryset = queryset.filter(LikeCost(text))
    return queryset
