"""The survey overview's list of surveys written in Python, in the markup templates/reports/surveys.html had.

A year of a national organisation's surveys is ~60 links and ten years ~900; the template's loop (a URL, a date
and two lookups through each survey's round) cost the page about 4 ms a year.
"""

import itertools

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from districts.markup import escape

_ITEM = (
    '\n    <a class="list-group-item list-group-item-action d-flex justify-content-between" href="{url}">'
    '\n      <span><i class="bi bi-bar-chart"></i> {title} · {template}</span>'
    '\n      <span class="text-muted">{date}</span>'
    "\n    </a>\n  "
)
_PLACEHOLDER_PK = 987654321  # reversed once, then replaced by each survey's pk


def survey_links_html(*, surveys) -> SafeString:
    """Return one link a survey (its round, template and start), or the line saying there are none."""
    if not surveys:
        return mark_safe(  # noqa: S308 (the text is escaped)
            f'\n    <div class="list-group-item text-muted">{escape(_("Inga enkäter i perioden."))}</div>\n  '
        )
    before, after = reverse("reports:survey_result", kwargs={"pk": _PLACEHOLDER_PK}).split(str(_PLACEHOLDER_PK))
    dates: dict = {None: ""}  # many rounds start on the same day: each date is formatted once
    parts = []
    for survey in surveys:
        course_round = survey.course_round
        starts_on = course_round.starts_on
        if starts_on not in dates:
            dates[starts_on] = escape(date_format(starts_on, "j F Y"))
        parts.append(
            _ITEM.format(
                url=escape(f"{before}{survey.pk}{after}"),
                title=escape(course_round.title),
                template=escape(survey.template.name),
                date=dates[starts_on],
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped)


def survey_courses(*, surveys) -> list:
    """Return the courses of the surveys in their order, one a run of surveys, as the template's {% regroup %} did."""
    return [course for course, _run in itertools.groupby(survey.course_round.course for survey in surveys)]
