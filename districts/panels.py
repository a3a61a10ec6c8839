"""The shape of a dashboard panel; every app's `dashboard.panels(user)` returns a list of them.

It lives in districts, the bottom layer, so that every app may build panels; `intro_program.dashboard`
gathers them. The page's queries stay few whatever the apps show: a panel reads its first rows and their
total in one query (`first_rows_and_total`), and the one-value reads of every app (counts, whether the
user has anything of their own to show) are answered together in one query (`read_facts`).
"""

from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Expression, IntegerField, QuerySet, Subquery, Window


@dataclass
class Panel:
    """One box on the dashboard: a template and its context, ordered by `order`."""

    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


def first_rows_and_total(queryset: QuerySet, rows: int) -> tuple[list, int]:
    """Return the first `rows` of a panel's queryset and how many it holds in all, in one query (a window count).

    For the small sets of a unit or of one's own hires: the window computes every row's columns before the
    slice, so a large set is counted apart (`SubqueryCount` among the facts). Not for a DISTINCT queryset: the
    window counts the rows before DISTINCT removes any.
    """
    if queryset.query.distinct:
        raise ValueError("a window count does not see DISTINCT; count such a queryset apart")
    found = list(queryset.annotate(panel_rows_in_all=Window(Count("pk")))[:rows])
    return found, (found[0].panel_rows_in_all if found else 0)


class SubqueryCount(Subquery):
    """The number of rows of a queryset, as a value of one row of another query: `(SELECT COUNT(*) FROM (...))`."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()


def read_facts(user, facts: Callable[[Any], dict[str, Expression]] | dict[str, Expression]) -> dict[str, Any]:
    """Return the values of panels' one-value reads (a count, whether there is anything to show) in one query.

    Each app's dashboard module may name such reads in `facts(user)`, keyed by names unique across apps;
    `intro_program.dashboard` reads every app's together (`facts_read_together`) before it builds the panels,
    which then find theirs already read. Outside that, each call reads afresh. Pass the app's `facts` function
    itself, not its result: inside `facts_read_together` its reads are then not built a second time (building
    every app's expressions was ~10 ms of a coordinator's dashboard, done twice).
    """
    if callable(facts):
        known_of = getattr(user, "_panel_facts_of", None) or {}
        if facts in known_of:
            return dict(known_of[facts])
        facts = facts(user)
    known = getattr(user, "_panel_facts", None) or {}
    missing = {name: expression for name, expression in facts.items() if name not in known}
    return {**{name: known[name] for name in facts if name in known}, **_evaluate(user, missing)}


@contextmanager
def facts_read_together(
    user, facts: dict[str, Expression], by_provider: dict[Callable, dict[str, Expression]] | None = None
):
    """Read every app's one-value reads in one query, for the panels built inside the block (then forgotten).

    `by_provider`: each app's `facts` function and the reads it gave, so that `read_facts(user, facts_function)`
    finds its values without building the expressions again.
    """
    with facts_known_together(user, _evaluate(user, facts), by_provider or {}):
        yield


@contextmanager
def facts_known_together(user, values: dict[str, Any], names_of: dict[Callable, Iterable[str]]):
    """Give the panels built inside the block every app's one-value reads, read already (`values`, by name).

    `names_of`: each app's `facts` function and the names of the reads it gave, so that `read_facts(user,
    facts_function)` finds its values without building the expressions again.
    """
    user._panel_facts = values
    user._panel_facts_of = {provider: {name: values[name] for name in names} for provider, names in names_of.items()}
    try:
        yield
    finally:
        del user._panel_facts
        del user._panel_facts_of


def facts_query(user_id: int, facts: dict[str, Expression]) -> QuerySet:
    """Return the one query of the facts: the user's row annotated with each read, as values (at most one row)."""
    if not facts:
        return get_user_model().objects.none().values("pk")
    return get_user_model().objects.filter(pk=user_id).order_by("pk").annotate(**facts).values(*facts)[:1]


def _evaluate(user, facts: dict[str, Expression]) -> dict[str, Any]:
    if not facts:
        return {}
    row = next(iter(facts_query(user.pk, facts)), None)
    return row or dict.fromkeys(facts)
