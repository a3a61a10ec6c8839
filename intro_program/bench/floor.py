"""The floor the pages are measured against: `base.html` rendered through the same middleware, showing nothing.

Mounted only when the BENCH_FLOOR_VIEW setting is on, which the benchmark's own server sets and no deployment
does (intro_program.urls); a signed-in user sees the empty frame of every page, scoped like any other.

With `?rows=R&cells=C` the frame shows a table of R rows of C cells, written in Python with each cell escaped
(the cheapest way the app has to show rows, districts.markup): the floor of a page that shows that many rows.
"""

from functools import cache

from django.http import HttpResponse
from django.shortcuts import render
from django.template import engines
from django.utils.safestring import mark_safe

from districts import access, markup

FLOOR_PATH = "bench/golv/"
MAX_ROWS, MAX_CELLS = 20_000, 40


def floor(request):
    """Render the site's frame (navigation, language, messages) with no content, or with a table of rows."""
    context = {"scope": access.scope_for(request.user)}
    rows, cells = _bounded(request.GET.get("rows"), MAX_ROWS), _bounded(request.GET.get("cells"), MAX_CELLS)
    if not rows:
        return render(request, "base.html", context)
    context["table"] = mark_safe(_table(rows, max(cells, 1)))
    return HttpResponse(_with_table().render(context, request))


def _bounded(value: str | None, most: int) -> int:
    return min(int(value), most) if value and value.isdigit() else 0


def _table(rows: int, cells: int) -> str:
    body = "".join(
        "<tr>" + "".join(f"<td>{markup.escape(f'Rad {row} & {cell}')}</td>" for cell in range(cells)) + "</tr>"
        for row in range(rows)
    )
    return f'<table class="table table-sm">{body}</table>'


@cache
def _with_table():
    return engines["django"].from_string('{% extends "base.html" %}{% block content %}{{ table }}{% endblock %}')
