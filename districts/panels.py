"""The shape of a dashboard panel; every app's `dashboard.panels(user)` returns a list of them.

It lives in districts, the bottom layer, so that every app may build panels; `intro_program.dashboard`
gathers them.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet, Window


@dataclass
class Panel:
    """One box on the dashboard: a template and its context, ordered by `order`."""

    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


def first_rows_and_total(queryset: QuerySet, rows: int) -> tuple[list, int]:
    """Return the first `rows` of a panel's queryset and how many it holds in all, in one query (a window count).

    Not for a DISTINCT queryset: the window counts the rows before DISTINCT removes any.
    """
    if queryset.query.distinct:
        raise ValueError("a window count does not see DISTINCT; count such a queryset apart")
    found = list(queryset.annotate(panel_rows_in_all=Window(Count("pk")))[:rows])
    return found, (found[0].panel_rows_in_all if found else 0)
