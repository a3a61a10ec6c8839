"""The floor the pages are measured against: `base.html` rendered through the same middleware, showing nothing.

Mounted only when the BENCH_FLOOR_VIEW setting is on, which the benchmark's own server sets and no deployment
does (intro_program.urls); a signed-in user sees the empty frame of every page, scoped like any other.
"""

from django.shortcuts import render

from districts import access

FLOOR_PATH = "bench/golv/"


def floor(request):
    """Render the site's frame (navigation, language, messages) with no content."""
    return render(request, "base.html", {"scope": access.scope_for(request.user)})
