"""The staff table's rows, written in Python (districts.templatetags.staff_table), show what the template loop did."""

import datetime
import re
from pathlib import Path

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from districts import clock, selectors
from districts.forms import StaffFilterForm
from districts.models import CompetenceLevel, Role, StaffMember
from districts.templatetags.staff_table import staff_rows
from districts.tests.factories import StaffMemberFactory, UnitFactory

pytestmark = pytest.mark.django_db

# The template loop the tag replaced, kept as the reference the tag must match cell for cell.
TEMPLATE_LOOP = Template((Path(__file__).parent / "staff_rows_reference.html").read_text())


def _squeezed(html: str) -> str:
    """Return the HTML with the whitespace between tags dropped and every other run of it one space."""
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", str(html))).strip()


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("hide_unit", [False, True])
def test_staff_rows_match_the_template_loop(world, language, hide_unit):
    today = clock.today()
    supervisor = world.people[Role.FORSTE_SOCIALSEKRETERARE]
    StaffMemberFactory(
        unit=world.own_unit,
        first_name="<Anna>",
        last_name="O'Berg & Son",
        supervisor=supervisor,
        mentor=world.hire,
        competence_level=CompetenceLevel.SPECIALIST,
        roles=[Role.SOCIALSEKRETERARE, Role.FORSTE_SOCIALSEKRETERARE],
    )
    StaffMemberFactory(unit=None, organisation=world.organisation, employment_start=None)
    StaffMemberFactory(
        unit=world.own_unit,
        employment_start=today - datetime.timedelta(days=4000),
        employment_end=today - datetime.timedelta(days=1),
    )
    staff = list(selectors.staff_list(user=world.user(Role.HR), filters=selectors.StaffFilters(include_ended=True)))
    assert len(staff) > 5 and any(person.employment_end for person in staff)
    context = {"new_hire_cutoff": selectors.new_hire_cutoff(), "today": today, "hide_unit": hide_unit}
    with translation.override(language):
        expected = TEMPLATE_LOOP.render(Context({"staff": staff, **context}))
        written = staff_rows(staff, **context)
        assert _squeezed(written) == _squeezed(expected)
        assert "&lt;Anna&gt;" in written and "O&#x27;Berg &amp; Son" in written
        empty = staff_rows([], **context)
        assert _squeezed(empty) == _squeezed(TEMPLATE_LOOP.render(Context({"staff": [], **context})))


def test_staff_rows_read_nothing_more_from_the_database(world, django_assert_num_queries):
    staff = list(selectors.staff_list(user=world.user(Role.HR)))
    assert StaffMember.objects.count() == len(staff) > 3
    with django_assert_num_queries(0):
        staff_rows(staff, new_hire_cutoff=selectors.new_hire_cutoff())


def test_the_filter_selects_offer_the_same_options_as_the_fields_choices(world):
    UnitFactory(district=world.own_district, name="Barn & <unga>")
    form = StaffFilterForm({"unit": str(world.own_unit.pk)}, user=world.user(Role.HR))
    for name in ("district", "unit"):
        widget = form.fields[name].widget
        written = str(form[name])
        widget.options = None  # the model field's own choices, a model instance and label each
        assert written == str(form[name])
        assert written.count("<option") == form.fields[name].queryset.count() + 1
    assert f'<option value="{world.own_unit.pk}" selected>' in str(form["unit"])
    assert "Barn &amp; &lt;unga&gt;" in str(form["unit"])


@pytest.mark.parametrize("data", [None, {"area": "vuxna", "role": Role.HR}, {"employment_type": "x", "role": "?"}])
def test_the_filter_selects_are_written_as_djangos_select_writes_them(world, data):
    form = StaffFilterForm(data, user=world.user(Role.HR))
    form.is_valid()
    for name in ("area", "role", "employment_type", "competence_level"):
        bound = form[name]
        written = str(bound)
        widget = bound.field.widget
        bound.field.widget = forms.Select(choices=widget.choices, attrs=widget.attrs)
        try:
            assert _squeezed(written) == _squeezed(str(form[name])), name
        finally:
            bound.field.widget = widget
    if data and "area" in data:
        assert '<option value="vuxna" selected>' in str(form["area"])


def test_a_pages_rows_read_as_values_render_as_the_model_rows_do(world):
    """selectors.staff_table_rows (the staff list's page read) gives the tag the same text as model instances."""
    today = clock.today()
    StaffMemberFactory(
        unit=world.own_unit,
        first_name="<Anna>",
        supervisor=world.people[Role.FORSTE_SOCIALSEKRETERARE],
        mentor=world.hire,
        roles=[Role.SOCIALSEKRETERARE, Role.FORSTE_SOCIALSEKRETERARE],
    )
    StaffMemberFactory(unit=None, organisation=world.organisation, employment_start=None)
    StaffMemberFactory(unit=world.own_unit, employment_end=today - datetime.timedelta(days=1))
    queryset = selectors.staff_list(user=world.user(Role.HR), filters=selectors.StaffFilters(include_ended=True))
    staff = list(queryset)
    ids = [person.pk for person in reversed(staff)]
    read = selectors.staff_table_rows(queryset, ids)
    assert sorted(read) == sorted(ids) and any(row.unit is None for row in read.values())
    assert any(len(row.listed_roles) > 1 for row in read.values())
    context = {"new_hire_cutoff": selectors.new_hire_cutoff(), "today": today}
    assert staff_rows([read[person.pk] for person in staff], **context) == staff_rows(staff, **context)
