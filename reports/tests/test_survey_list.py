"""The survey overview's links written in Python give the markup the template's loop gave."""

import datetime
from types import SimpleNamespace

from django.template import engines
from django.utils import translation

from reports.survey_list import survey_courses, survey_links_html

# The loop templates/reports/surveys.html had, to compare with.
# ruff: noqa: E501
TEMPLATE_LOOP = """{% load i18n %}{% for survey in surveys %}
    <a class="list-group-item list-group-item-action d-flex justify-content-between" href="{% url 'reports:survey_result' survey.pk %}">
      <span><i class="bi bi-bar-chart"></i> {{ survey.course_round.title }} · {{ survey.template.name }}</span>
      <span class="text-muted">{{ survey.course_round.starts_on|date:"j F Y" }}</span>
    </a>
  {% empty %}
    <div class="list-group-item text-muted">{% translate "Inga enkäter i perioden." %}</div>
  {% endfor %}"""


def _survey(pk, *, title, course, starts_on, template="Kursutvärdering"):
    course_round = SimpleNamespace(title=title, course=course, starts_on=starts_on)
    return SimpleNamespace(pk=pk, course_round=course_round, template=SimpleNamespace(name=template))


def test_the_links_are_the_templates_markup_in_both_languages():
    del1, del2 = SimpleNamespace(pk=1, name="Del 1"), SimpleNamespace(pk=2, name="Del 2")
    surveys = [
        _survey(7, title="Del 1 januari", course=del1, starts_on=datetime.date(2026, 1, 13)),
        _survey(8, title="<b>Del 1</b> & mer", course=del1, starts_on=datetime.date(2026, 1, 13), template='"A"'),
        _survey(9, title="Del 2", course=del2, starts_on=None),
        _survey(10, title="Del 1 mars", course=del1, starts_on=datetime.date(2026, 3, 2)),
    ]
    loop = engines["django"].from_string(TEMPLATE_LOOP)
    for language in ("sv", "en"):
        with translation.override(language):
            for listed in (surveys, []):
                assert str(survey_links_html(surveys=listed)) == loop.render({"surveys": listed}), language
    assert [course.name for course in survey_courses(surveys=surveys)] == ["Del 1", "Del 2", "Del 1"]
