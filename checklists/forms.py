from django import forms
from django.utils.translation import gettext_lazy as _

from checklists.models import CourseTrigger, MeetingKind, ResponsibleRole, TemplatePhase
from courses.models import Course, CourseModule, KnowledgeArea
from districts.models import IntroductionProfile, StaffMember


class PlanCreateForm(forms.Form):
    profile = forms.ChoiceField(label=_("Introduktionsprofil"), choices=IntroductionProfile.choices)
    start_date = forms.DateField(
        label=_("Första arbetsdag"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class TickForm(forms.Form):
    done = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1")
    version = forms.IntegerField(min_value=1)
    note = forms.CharField(required=False, max_length=2000)


class PlanForm(forms.Form):
    """The plan's responsible people and notes; the learning goals are added as fields per area."""

    manager = forms.ModelChoiceField(label=_("Enhetschef"), queryset=StaffMember.objects.none(), required=False)
    supervisor = forms.ModelChoiceField(
        label=_("1:e socialsekreterare"), queryset=StaffMember.objects.none(), required=False
    )
    mentor = forms.ModelChoiceField(label=_("Fadder"), queryset=StaffMember.objects.none(), required=False)
    profile = forms.ChoiceField(
        label=_("Introduktionsprofil"),
        choices=IntroductionProfile.choices,
        help_text=_(
            "Byter du profil läggs profilens punkter till. Punkter som redan är bockade eller har historik "
            "finns kvar, markerade som utanför profilen."
        ),
    )
    notes = forms.CharField(label=_("Anteckningar"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("manager", "supervisor", "mentor"):
            self.fields[name].queryset = colleagues
        for value, label in KnowledgeArea.choices:
            self.fields[f"goal_{value}"] = forms.CharField(
                label=_("%(area)s: mål") % {"area": label}, required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"method_{value}"] = forms.CharField(
                label=_("%(area)s: hur") % {"area": label}, required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def goals(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {value: (data[f"goal_{value}"], data[f"method_{value}"]) for value in KnowledgeArea.values}


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Typ"), choices=MeetingKind.choices)
    starts_at = forms.DateTimeField(
        label=_("Tid"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    with_whom = forms.ModelChoiceField(label=_("Med"), queryset=StaffMember.objects.none(), required=False)

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["with_whom"].queryset = colleagues


class TemplateItemForm(forms.Form):
    phase = forms.ModelChoiceField(label=_("Fas"), queryset=TemplatePhase.objects.none())
    title = forms.CharField(label=_("Punkt"), max_length=300)
    guidance = forms.CharField(label=_("Vägledning"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    responsible_role = forms.ChoiceField(label=_("Ansvarig"), choices=ResponsibleRole.choices)
    due_day = forms.IntegerField(
        label=_("Dag relativt första arbetsdagen"),
        min_value=-90,
        max_value=1095,
        help_text=_("Negativt betyder före första dagen."),
    )
    profiles = forms.MultipleChoiceField(
        label=_("Gäller profilerna"),
        choices=IntroductionProfile.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=IntroductionProfile.values,
    )

    course = forms.ModelChoiceField(
        label=_("Kurs som bockar av punkten"), queryset=Course.objects.none(), required=False
    )
    course_trigger = forms.ChoiceField(
        label=_("Bockas av"), choices=CourseTrigger.choices, initial=CourseTrigger.COMPLETED, required=False
    )
    course_module = forms.ModelChoiceField(
        label=_("Bockas av när modulen/temat genomförts"), queryset=CourseModule.objects.none(), required=False
    )

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = version.phases.order_by("position")
        organisation_id = version.template.organisation_id
        self.fields["course"].queryset = Course.objects.filter(organisation_id=organisation_id)
        self.fields["course_module"].queryset = CourseModule.objects.filter(
            course__organisation_id=organisation_id
        ).select_related("course")


class UnitSelect(forms.Select):
    """A unit list whose options name their district, so the page can show only the chosen district's units."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        unit = getattr(value, "instance", None)
        if unit is not None:
            option["attrs"]["data-district"] = str(unit.district_id)
        return option


class ExportForm(forms.Form):
    district = forms.ModelChoiceField(
        label=_("Stadsdel"), queryset=None, required=False, widget=forms.Select(attrs={"data-filters": "id_unit"})
    )
    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=None, required=False, widget=UnitSelect)
    start_from = forms.DateField(
        label=_("Första arbetsdag från"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    start_to = forms.DateField(
        label=_("Första arbetsdag till"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, districts, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
        self.fields["unit"].queryset = units.select_related("district")

    def clean(self):
        data = super().clean()
        start_from, start_to = data.get("start_from"), data.get("start_to")
        if start_from and start_to and start_from > start_to:
            raise forms.ValidationError(_("Startdatumet 'från' måste ligga före 'till'."))
        district, unit = data.get("district"), data.get("unit")
        if district and unit and unit.district_id != district.pk:
            self.add_error("unit", _("Enheten hör inte till den valda stadsdelen."))
        return data


class MeetingHeldForm(forms.Form):
    """Whether a plan's meeting was held, with an optional note (checklists.meetings_held)."""

    held = forms.TypedChoiceField(
        label=_("Hölls mötet?"),
        choices=[("1", _("Ja, mötet hölls")), ("0", _("Nej, mötet hölls inte"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Anteckning (frivillig)"), max_length=300, required=False)
