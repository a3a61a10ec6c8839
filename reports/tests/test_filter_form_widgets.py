"""The report filter's selects, written in Python, give Django's own select markup, without extra queries."""

import re

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from districts.forms import OptionsSelect
from districts.models import Role
from reports.forms import ReportFilterForm

pytestmark = pytest.mark.django_db


def _normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


def _as_django_renders_it(bound) -> str:
    widget = bound.field.widget
    bound.field.widget = forms.Select(choices=widget.choices)
    bound.field.widget.is_required = widget.is_required
    try:
        return str(bound.form[bound.name])
    finally:
        bound.field.widget = widget


@pytest.mark.parametrize(
    "data",
    [None, {"year": "2025"}, {"district": "district", "area": "vuxna"}, {"area": "no such area", "year": "x"}],
)
def test_every_filter_select_renders_as_djangos_select(world, data):
    if data and data.get("district") == "district":
        data = {**data, "district": str(world.other_district.pk)}
    form = ReportFilterForm(data, user=world.user(Role.UTBILDNINGSSAMORDNARE))
    form.is_valid()
    selects = [form[name] for name in form.fields if isinstance(form.fields[name].widget, OptionsSelect)]
    assert {bound.name for bound in selects} >= {"year", "course", "district", "area"}
    for bound in selects:
        quick = str(bound)
        assert _normalised(quick) == _normalised(_as_django_renders_it(bound)), bound.name
    if data and "district" in data:
        assert f'<option value="{world.other_district.pk}" selected>' in str(form["district"])
    if data and data.get("area") == "no such area":
        assert 'aria-invalid="true"' in str(form["area"])


def test_a_select_of_a_queryset_reads_it_once_without_counting_it(world):
    form = ReportFilterForm(None, user=world.user(Role.UTBILDNINGSSAMORDNARE))
    with CaptureQueriesContext(connection) as captured:
        str(form["district"])
    assert len(captured) == 1
    assert "COUNT" not in captured.captured_queries[0]["sql"]


def test_text_is_escaped_in_values_and_labels():
    widget = OptionsSelect(choices=[("a&b", "<b>fet</b>"), ("", "---")])
    html = widget.render("name", "a&b", attrs={"id": "id_x", "data-x": 'q"q'})
    assert '<option value="a&amp;b" selected>&lt;b&gt;fet&lt;/b&gt;</option>' in html
    assert 'data-x="q&quot;q"' in html
    assert _normalised(html) == _normalised(
        forms.Select(choices=widget.choices).render("name", "a&b", {"id": "id_x", "data-x": 'q"q'})
    )
