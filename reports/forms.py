import datetime
from decimal import Decimal

from django import forms
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from courses.models import Course, CourseKind, KnowledgeArea
from districts import access, clock, markup
from districts.forms import OptionsSelect
from districts.markup import conditional_escape
from districts.models import Area
from reports.capacity import CapacityInput
from reports.filters import ReportFilters
from reports.form_markup import filter_fields_html, form_html
from reports.models import NeedPriority


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)

    def render(self, name, value, attrs=None, renderer=None):
        # Written here in the markup of Django's input.html and attrs.html (tests compare them): every report's
        # filter has two, and the two templates a date cost as much as a select of fifty options written in Python.
        widget = self.get_context(name, value, attrs)["widget"]
        written = markup.attributes(widget["attrs"])
        shown = "" if widget["value"] is None else f' value="{conditional_escape(widget["value"])}"'
        opening = f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        return mark_safe(f"{opening}{shown}{written}>")  # noqa: S308 (every value is escaped)


class FilterFieldsMixin:
    """A filter form shown by templates/reports/_filters.html, its fields written by reports.form_markup."""

    def fields_html(self):
        return filter_fields_html(self)


class ReportFilterForm(FilterFieldsMixin, forms.Form):
    """Filter a report by period (a year or dates), course, organisation, district and area."""

    year = forms.TypedChoiceField(label=_("År"), required=False, coerce=int, empty_value=None, widget=OptionsSelect)
    start = forms.DateField(label=_("Från"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Till"), required=False, widget=DateInput())
    course = forms.ModelChoiceField(
        label=_("Kurs"), queryset=Course.objects.none(), required=False, widget=OptionsSelect
    )
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None, required=False, widget=OptionsSelect)
    district = forms.ModelChoiceField(label=_("Stadsdel"), queryset=None, required=False, widget=OptionsSelect)
    area = forms.ChoiceField(
        label=_("Område"), required=False, choices=[("", "---------"), *Area.choices], widget=OptionsSelect
    )

    def __init__(self, data, *, user, with_course: bool = True):
        super().__init__(data)
        today = clock.today()
        self.fields["year"].choices = [("", _("Välj period"))] + [
            (year, str(year)) for year in range(today.year + 1, today.year - 11, -1)
        ]
        if with_course:
            self.fields["course"].queryset = access.restrict_by_organisation(
                user, Course.objects.all(), "organisation"
            ).order_by("kind", "name")
        else:
            del self.fields["course"]
        organisations = access.visible_organisations(user)
        self.fields["organisation"].queryset = organisations
        # Only a superuser may see more than one organisation: counting them is for that case alone.
        if not user.is_superuser or organisations.count() <= 1:
            del self.fields["organisation"]
        self.fields["district"].queryset = access.visible_districts(user).order_by("name")
        # The same options as the fields' choices (which still validate a chosen value), read as values: the choices
        # built a model instance each, through a server-side cursor (three round trips) per select, on every report.
        for name in ("course", "district"):
            if name in self.fields:
                self.fields[name].widget.options = self._options_of(self.fields[name])

    @staticmethod
    def _options_of(field: forms.ModelChoiceField):
        # Course and District are shown by name (their __str__), as label_from_instance shows them.
        empty = [("", field.empty_label)] if field.empty_label is not None else []
        return lambda: [*empty, *field.queryset.values_list("pk", "name")]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("Slutdatum kan inte vara före startdatum."))
        return cleaned

    def filters(self, *, default_years: int = 1, default_start: datetime.date | None = None) -> ReportFilters:
        """Return the filter; without a period, from `default_start` (else the last `default_years` years) to
        the end of this year."""
        data = self.cleaned_data if self.is_valid() else {}
        today = clock.today()
        if data.get("year"):
            start, end = datetime.date(data["year"], 1, 1), datetime.date(data["year"], 12, 31)
        else:
            start = data.get("start") or default_start or today.replace(year=today.year - default_years, month=1, day=1)
            end = data.get("end") or datetime.date(today.year, 12, 31)
        course, organisation = data.get("course"), data.get("organisation")
        district, area = data.get("district"), data.get("area") or ""
        parts = [
            _gettext("Period: %(start)s – %(end)s")
            % {"start": date_format(start, "j F Y"), "end": date_format(end, "j F Y")}
        ]
        if course:
            parts.append(_gettext("Kurs: %(name)s") % {"name": course})
        if organisation:
            parts.append(_gettext("Organisation: %(name)s") % {"name": organisation})
        if district:
            parts.append(_gettext("Stadsdel: %(name)s") % {"name": district})
        if area:
            parts.append(_gettext("Område: %(name)s") % {"name": Area(area).label})
        return ReportFilters(
            start=start,
            end=end,
            course_id=course.pk if course else None,
            organisation_id=organisation.pk if organisation else None,
            district_id=district.pk if district else None,
            area=area,
            describe=" · ".join(parts),
        )


class StandingFilterForm(ReportFilterForm):
    """Filter a report of how things stand today (the competence levels): no period, no course."""

    def __init__(self, data, *, user):
        super().__init__(data, user=user, with_course=False)
        for name in ("year", "start", "end"):
            del self.fields[name]


class NeedsPeriodForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    opens_on = forms.DateField(label=_("Öppnar"), widget=DateInput())
    closes_on = forms.DateField(label=_("Stänger"), widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("opens_on") and cleaned.get("closes_on") and cleaned["closes_on"] < cleaned["opens_on"]:
            self.add_error("closes_on", _("Perioden kan inte stänga innan den öppnar."))
        return cleaned


class NeedsForm(forms.Form):
    """One priority and comment per knowledge area, plus a free comment."""

    def __init__(self, *args, initial_items: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_items = initial_items or {}
        self.areas = list(KnowledgeArea)
        for area in self.areas:
            priority, comment = initial_items.get(area.value, (NeedPriority.NONE, ""))
            self.fields[f"{area.value}_priority"] = forms.TypedChoiceField(
                label=area.label, choices=NeedPriority.choices, coerce=int, initial=priority, widget=forms.RadioSelect
            )
            self.fields[f"{area.value}_comment"] = forms.CharField(
                label=_("Kommentar"), required=False, max_length=500, initial=comment
            )
        self.fields["comment"] = forms.CharField(
            label=_("Övriga behov eller synpunkter"), required=False, widget=forms.Textarea(attrs={"rows": 3})
        )

    def rows(self):
        for area in self.areas:
            yield area, self[f"{area.value}_priority"], self[f"{area.value}_comment"]

    def items(self) -> dict[str, tuple[int, str]]:
        return {
            area.value: (
                self.cleaned_data[f"{area.value}_priority"],
                self.cleaned_data[f"{area.value}_comment"].strip(),
            )
            for area in self.areas
        }


def _decimal(label, *, initial, **kwargs) -> forms.DecimalField:
    """A decimal input as Swedes write it: "2,5" (a decimal point is accepted too), shown as the table prints it."""
    return forms.DecimalField(
        label=label,
        min_value=0,
        max_digits=4,
        decimal_places=1,
        initial=initial,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        **kwargs,
    )


class CapacityForm(forms.Form):
    """The capacity plan's inputs; unanswered or invalid, the defaults (and the recorded hires) are used."""

    def __init__(self, data=None, **kwargs):
        if data is not None:  # a field left out of the query keeps its default, so the form shows what was used
            data = data.copy()
            for name, field in self.base_fields.items():
                if not data.get(name):
                    data[name] = kwargs.get("initial", {}).get(name, field.initial)
        super().__init__(data, **kwargs)
        for field in self.fields.values():
            field.required = False

    hires_per_year = forms.IntegerField(label=_("Nyanställda per år"), min_value=0, max_value=100000)
    del1_rounds_per_year = forms.IntegerField(label=_("Del 1-omgångar per år"), min_value=1, max_value=52, initial=9)
    del1_days = _decimal(_("Dagar i Del 1"), initial=Decimal("2.5"))
    del2_runs_per_year = forms.IntegerField(label=_("Del 2 hela gånger per år"), min_value=1, max_value=12, initial=1)
    del2_days = _decimal(_("Dagar i Del 2"), initial=Decimal("12.5"))
    del2_group_size = forms.IntegerField(
        label=_("Största grupp i Del 2"),
        min_value=0,
        max_value=1000,
        initial=0,
        help_text=_("0 = alla i samma grupp. Fler grupper betyder fler kursdagar att hålla."),
    )
    lecturers_per_course_day = _decimal(_("Föreläsare per kursdag"), initial=Decimal("1"))
    coordinators_per_course_day = _decimal(_("Samordnare på plats per kursdag"), initial=Decimal("1"))
    coordinator_preparation_days_per_course_day = _decimal(
        _("Samordnarens förberedelsedagar per kursdag"), initial=Decimal("2")
    )

    def fields_html(self):
        """Return the fields as templates/reports/capacity.html shows them (crispy's markup, see form_markup)."""
        return form_html(self)

    def capacity_input(self) -> CapacityInput:
        values = {name: field.initial for name, field in self.fields.items()} | self.initial
        if self.is_bound:
            self.is_valid()  # the fields that are valid count; the others keep their defaults and show an error
            values |= {name: value for name, value in self.cleaned_data.items() if value is not None}
        return CapacityInput(
            **{
                name: Decimal(str(value)) if isinstance(self.fields[name], forms.DecimalField) else int(value)
                for name, value in values.items()
            }
        )


class TeachingYearForm(FilterFieldsMixin, forms.Form):
    """The year of the lecturers' report; a year outside the programme's history falls back to this year."""

    ar = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100, required=False)

    def year(self, default: int) -> int:
        if self.is_valid() and self.cleaned_data["ar"]:
            return self.cleaned_data["ar"]
        return default


class RegionalReportForm(FilterFieldsMixin, forms.Form):
    """Filter the regional report by period and kind of course (reports.regional)."""

    start = forms.DateField(label=_("Från"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Till"), required=False, widget=DateInput())
    course_kind = forms.ChoiceField(
        label=_("Kurs"), required=False, choices=[("", _("Alla kurser")), *CourseKind.choices]
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("Slutdatum kan inte vara före startdatum."))
        return cleaned

    def filters(self):
        """Return the filter; without a period, the year before today (from the first of the month a year ago)."""
        from reports.regional import RegionalFilters

        data = self.cleaned_data if self.is_valid() else {}
        today = clock.today()
        start = data.get("start") or today.replace(year=today.year - 1, day=1)
        end = data.get("end") or today
        return RegionalFilters(start=start, end=end, course_kind=data.get("course_kind") or "")
