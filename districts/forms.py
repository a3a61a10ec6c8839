from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.db.models import Q
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from districts import clock, markup, selectors
from districts.markup import conditional_escape
from districts.models import (
    Area,
    CompetenceLevel,
    District,
    EmploymentType,
    Gender,
    IntroductionProfile,
    Role,
    StaffMember,
    Unit,
)

ALL = _("Alla")


def _with_empty(choices, label=ALL):
    return [("", label), *choices]


class OptionsSelect(forms.Select):
    """A select whose options are written here, not by a template each, in the markup of Django's Select (tests
    compare them): the staff filter's unit select lists every unit of an organisation (400 in a national one), the
    nominee's round select 44 rounds, the report filter ~70 options, and a template an option was most of their time.
    Option groups and multiple selects are left to Django's own rendering.

    Give it `options`, a callable returning (value, label) pairs read as plain values, to skip the model field's
    choices: those build a model instance and a label per option, which cost the national staff list 10 ms for its
    400 units."""

    options = None

    def render(self, name, value, attrs=None, renderer=None):
        # list(iter(...)), not list(choices): a queryset's choices would be counted first
        choices = list(iter(self.choices)) if self.options is None else list(self.options())
        if self.allow_multiple_selected or any(isinstance(label, list | tuple) for _key, label in choices):
            return super().render(name, value, attrs, renderer)
        chosen = set(self.format_value(value))
        options, has_selected = [], False
        for key, label in choices:
            key = "" if key is None else str(key)
            selected = not has_selected and key in chosen  # as Django's Select: only the first match
            has_selected = has_selected or selected
            marked = " selected" if selected else ""
            options.append(f'<option value="{conditional_escape(key)}"{marked}>{conditional_escape(label)}</option>')
        written = markup.attributes(self.build_attrs(self.attrs, attrs))
        opening = f'<select name="{conditional_escape(name)}"{written}>'
        return mark_safe(opening + "".join(f"\n  {option}" for option in options) + "\n</select>")  # noqa: S308


class StaffFilterForm(forms.Form):
    """The staff list's search and filters, read from the query string."""

    q = forms.CharField(label=_("Sök namn eller e-post"), required=False, max_length=200)
    district = forms.ModelChoiceField(
        label=_("Stadsdel"), queryset=District.objects.none(), required=False, widget=OptionsSelect
    )
    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=Unit.objects.none(), required=False, widget=OptionsSelect)
    # Their few options through Django's option template each cost as much as the 400 units written here.
    area = forms.ChoiceField(label=_("Område"), choices=_with_empty(Area.choices), required=False, widget=OptionsSelect)
    role = forms.ChoiceField(label=_("Roll"), choices=_with_empty(Role.choices), required=False, widget=OptionsSelect)
    employment_type = forms.ChoiceField(
        label=_("Anställningsform"), choices=_with_empty(EmploymentType.choices), required=False, widget=OptionsSelect
    )
    competence_level = forms.ChoiceField(
        label=_("Kompetensnivå"), choices=_with_empty(CompetenceLevel.choices), required=False, widget=OptionsSelect
    )
    new_hires = forms.BooleanField(label=_("Nyanställda (senaste två åren)"), required=False)
    include_ended = forms.BooleanField(label=_("Visa även avslutade"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        choices = selectors.filter_choices(user=user)
        self.fields["district"].queryset = choices["districts"]
        self.fields["unit"].queryset = choices["units"]
        self.fields["unit"].label_from_instance = lambda unit: f"{unit.name} ({unit.district.name})"
        for name in ("district", "unit", "area", "role", "employment_type", "competence_level"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["district"].empty_label = self.fields["unit"].empty_label = _("Alla")
        # The same rows and labels as the fields' choices (which still validate a chosen value), read as values by
        # reads compiled once a reader's scope, only when the selects are rendered.
        self.fields["district"].widget.options = lambda: [("", ALL), *selectors.district_options(user=user)]
        self.fields["unit"].widget.options = lambda: [("", ALL), *selectors.unit_options(user=user)]

    def filters(self) -> selectors.StaffFilters:
        """Return the valid filters; an invalid value (e.g. a unit out of scope) is ignored."""
        self.is_valid()
        data = self.cleaned_data  # holds only the fields that validated
        return selectors.StaffFilters(
            search=data.get("q") or "",
            district_id=data["district"].pk if data.get("district") else None,
            unit_id=data["unit"].pk if data.get("unit") else None,
            area=data.get("area") or "",
            role=data.get("role") or "",
            employment_type=data.get("employment_type") or "",
            competence_level=data.get("competence_level") or "",
            new_hires=bool(data.get("new_hires")),
            include_ended=bool(data.get("include_ended")),
        )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class StaffForm(forms.Form):
    """Edit a staff member; the rules live in districts.services.staff_update."""

    first_name = forms.CharField(label=_("Förnamn"), max_length=100)
    last_name = forms.CharField(label=_("Efternamn"), max_length=100)
    work_email = forms.EmailField(label=_("E-post (arbete)"))
    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=Unit.objects.none(), required=False)
    employment_start = forms.DateField(label=_("Anställningens början"), required=False, widget=DateInput())
    employment_end = forms.DateField(label=_("Anställningens slut"), required=False, widget=DateInput())
    employment_type = forms.ChoiceField(label=_("Anställningsform"), choices=EmploymentType.choices)
    profession_start = forms.DateField(
        label=_("I yrket sedan"),
        required=False,
        widget=DateInput(),
        help_text=_("Åren i yrket räknas härifrån i kompetensnivåerna; tom: från anställningens början."),
    )
    competence_level = forms.ChoiceField(label=_("Kompetensnivå"), choices=CompetenceLevel.choices)
    introduction_profile = forms.ChoiceField(
        label=_("Introduktionsprofil"), choices=_with_empty(IntroductionProfile.choices, "—"), required=False
    )
    gender = forms.ChoiceField(
        label=_("Kön"), choices=Gender.choices, help_text=_("Används bara i sammanställd statistik.")
    )
    supervisor = forms.ModelChoiceField(
        label=_("1:e socialsekreterare"), queryset=StaffMember.objects.none(), required=False
    )
    mentor = forms.ModelChoiceField(
        label=_("Fadder"),
        queryset=StaffMember.objects.none(),
        required=False,
        help_text=_("En erfaren kollega på samma enhet."),
    )
    supervisor_exception_reason = forms.CharField(
        label=_("Skäl till undantag"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Bara en Specialist eller Expert får vara 1:e socialsekreterare. Vill du ändå utse någon annan, "
            "skriv skälet här; undantaget sparas med ditt namn."
        ),
    )
    roles = forms.MultipleChoiceField(
        label=_("Roller"), choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self, *args, staff: StaffMember, units, can_assign_roles: bool, can_grant_exception: bool = False, **kwargs
    ):
        initial = {
            "first_name": staff.first_name,
            "last_name": staff.last_name,
            "work_email": staff.work_email,
            "unit": staff.unit_id,
            "employment_start": staff.employment_start,
            "employment_end": staff.employment_end,
            "employment_type": staff.employment_type,
            "profession_start": staff.profession_start,
            "competence_level": staff.competence_level,
            "introduction_profile": staff.introduction_profile,
            "gender": staff.gender,
            "supervisor": staff.supervisor_id,
            "mentor": staff.mentor_id,
            "roles": [role.role for role in staff.roles.all()],
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.staff = staff
        self.fields["unit"].queryset = units.select_related("district")
        self.fields["unit"].label_from_instance = lambda unit: f"{unit.name} ({unit.district.name})"
        # Offer the 1:e socialsekreterare of the district and a fadder from the unit (and whoever holds the
        # post now): nearby people, and a short list even in a large organisation. staff_update checks the rules.
        # People who have left are not offered, unless they hold the post now (so the form still shows them).
        district = Q(unit__district_id=staff.unit.district_id) if staff.unit else Q(unit=None)
        employed = selectors.employed_on(day=clock.today())
        self.fields["supervisor"].queryset = selectors.supervisor_candidates(
            organisation_id=staff.organisation_id
        ).filter((district & employed) | Q(pk=staff.supervisor_id or 0))
        self.fields["mentor"].queryset = (
            selectors.mentor_candidates(organisation_id=staff.organisation_id)
            .filter((Q(unit_id=staff.unit_id) & employed) | Q(pk=staff.mentor_id or 0))
            .exclude(pk=staff.pk)
        )
        for name in ("supervisor", "mentor"):
            self.fields[name].label_from_instance = lambda person: (
                f"{person.full_name} ({person.unit.name})" if person.unit else person.full_name
            )
        self.fields["supervisor"].label_from_instance = lambda person: (
            f"{person.full_name} ({person.unit.name}, {person.get_competence_level_display()})"
            if person.unit
            else f"{person.full_name} ({person.get_competence_level_display()})"
        )
        if not can_assign_roles:
            del self.fields["roles"]
        if not can_grant_exception:
            del self.fields["supervisor_exception_reason"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Person"),
                Row(Column("first_name"), Column("last_name")),
                Row(Column("work_email"), Column("gender")),
            ),
            Fieldset(
                _("Anställning"),
                Row(Column("unit"), Column("employment_type")),
                Row(Column("employment_start"), Column("employment_end")),
                Row(Column("profession_start"), Column("competence_level")),
                "introduction_profile",
            ),
            Fieldset(
                _("Stöd under introduktionen"),
                Row(Column("supervisor"), Column("mentor")),
                *(["supervisor_exception_reason"] if can_grant_exception else []),
            ),
            *(["roles"] if can_assign_roles else []),
        )

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["roles"] = data.get("roles") if "roles" in self.fields else None
        data["supervisor_exception_reason"] = data.get("supervisor_exception_reason") or ""
        return data


class StaffImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fil med personal (CSV eller Excel)"),
        help_text=_("CSV i UTF-8 (semikolon eller komma mellan kolumnerna) eller .xlsx, högst 5 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not (name.endswith(".csv") or name.endswith(".xlsx") or name.endswith(".txt")):
            raise forms.ValidationError(_("Välj en CSV-fil (.csv) eller en Excel-fil (.xlsx)."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Filen är för stor (högst 5 MB)."))
        return upload
