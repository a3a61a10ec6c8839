"""The report filters' fields written in Python give exactly crispy's markup, errors and all."""

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms

from districts.models import Role
from reports.form_markup import field_html, filter_fields_html
from reports.forms import RegionalReportForm, ReportFilterForm, StandingFilterForm, TeachingYearForm

pytestmark = pytest.mark.django_db

DATA = [
    None,
    {"year": "2025"},
    {"start": "2024-01-01", "end": "2024-12-31", "area": "vuxna"},
    {"start": "2024-12-31", "end": "2024-01-01"},  # an error on "end"
    {"year": "x", "area": "no such area", "start": "not a date"},
    {"district": "district", "course": "999999"},
]


def _forms(world, data):
    if data and data.get("district") == "district":
        data = {**data, "district": str(world.other_district.pk)}
    user = world.user(Role.UTBILDNINGSSAMORDNARE)
    return [
        ReportFilterForm(data, user=user),
        ReportFilterForm(data, user=user, with_course=False),
        StandingFilterForm(data, user=user),
        TeachingYearForm(data and {"ar": data.get("year", "")}),
        RegionalReportForm(data),
    ]


def _crispy(form) -> str:
    # As templates/reports/_filters.html laid the fields out before: each in its column, by crispy.
    return "".join(f'\n      <div class="col-6 col-md-4 col-xl">{as_crispy_field(bound)}</div>\n    ' for bound in form)


@pytest.mark.parametrize("data", DATA)
def test_the_filter_fields_are_crispys_markup(world, data):
    for form in _forms(world, data):
        form.is_valid()
        ours = str(filter_fields_html(form))
        theirs = _crispy(type(form)(form.data or None, **_kwargs(form, world)))
        assert ours == theirs, type(form).__name__
        assert ours.count('<div class="col-6 col-md-4 col-xl">') == len(form.fields)


def _kwargs(form, world):
    if isinstance(form, ReportFilterForm):
        kwargs = {"user": world.user(Role.UTBILDNINGSSAMORDNARE)}
        if not isinstance(form, StandingFilterForm) and "course" not in form.fields:
            kwargs["with_course"] = False
        return kwargs
    return {}


def test_an_invalid_field_is_left_to_crispy(world):
    form = ReportFilterForm({"start": "2024-12-31", "end": "2024-01-01"}, user=world.user(Role.UTBILDNINGSSAMORDNARE))
    form.is_valid()
    html = field_html(form["end"])
    assert "is-invalid" in html and "Slutdatum kan inte vara före startdatum." in html


def test_a_field_with_a_label_to_escape_or_a_required_mark_gives_crispys_markup():
    class Form(forms.Form):
        plain = forms.CharField(label="<b>Namn</b> & mer", required=False)
        required = forms.CharField(label="Krävs")
        described = forms.IntegerField(label="Antal", required=False, help_text="Hjälp")
        chosen = forms.ChoiceField(label="Val", required=False, choices=[("a", "A & B")])

    for name in Form.base_fields:
        assert field_html(Form({"plain": "x<y"})[name]) == as_crispy_field(Form({"plain": "x<y"})[name]), name


def test_the_date_input_is_djangos_input_markup():
    import datetime

    from reports.forms import DateInput

    django_input = forms.DateInput(format="%Y-%m-%d")
    django_input.input_type = "date"
    for value in (None, "", datetime.date(2026, 1, 31), 'x"<y>', "2026-13-45"):
        for attrs in (None, {"id": "id_start", "class": "dateinput form-control"}, {"required": True, "x": False}):
            ours = DateInput(attrs={"data-a": "b&c"}).render("start", value, attrs)
            django_input.attrs = {"data-a": "b&c"}
            assert ours == django_input.render("start", value, attrs), (value, attrs)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"hires_per_year": "120", "del1_days": "3,5", "del2_group_size": "20"},
        {"hires_per_year": "-4", "del1_days": "abc", "del2_runs_per_year": "99"},  # errors on three fields
    ],
)
def test_the_capacity_form_is_crispys_markup(data):
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form

    from reports.forms import CapacityForm

    ours = CapacityForm(data, initial={"hires_per_year": 280})
    theirs = CapacityForm(data, initial={"hires_per_year": 280})
    ours.capacity_input()
    theirs.capacity_input()
    assert str(ours.fields_html()) == as_crispy_form(theirs)
