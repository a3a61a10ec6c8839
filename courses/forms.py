"""Forms of the course pages; they parse input, the services decide."""

import math

from django import forms
from django.core.validators import validate_email
from django.utils.dates import MONTHS
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from courses.models import (
    Course,
    CourseModule,
    CourseRound,
    DropOutReason,
    PlanningSettings,
    RoundStatus,
)
from districts.forms import OptionsSelect

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
# Django's own month names, translated to the reader's language ("Januari", "January").
MONTH_CHOICES = [(number, capfirst(name)) for number, name in sorted(MONTHS.items())]
WEEKDAY_CHOICES = [(0, _("Måndag")), (1, _("Tisdag")), (2, _("Onsdag")), (3, _("Torsdag")), (4, _("Fredag"))]
MAX_LECTURERS = 10
WEEK_CHOICES = [(1, _("Första")), (2, _("Andra")), (3, _("Tredje")), (4, _("Fjärde"))]


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = ["name", "kind", "description", "credits", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        localized_fields = ["credits"]  # "7,5" as a Swedish user writes it


class ModuleForm(forms.ModelForm):
    class Meta:
        model = CourseModule
        fields = ["title", "area", "days", "order"]


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DATE)
    start_time = forms.TimeField(label=_("Starttid"), widget=TIME)
    end_time = forms.TimeField(label=_("Sluttid"), widget=TIME)
    place = forms.CharField(label=_("Plats"), max_length=200, required=False)
    lecturers = forms.CharField(
        label=_("Föreläsare"), max_length=300, required=False, help_text=_("Namn på externa föreläsare.")
    )
    lecturer_emails = forms.CharField(
        label=_("Föreläsare bland medarbetarna"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "fornamn.efternamn@example.se"}),
        help_text=_(
            "Skriv arbetsmejlen till de medarbetare i organisationen som föreläser, en per rad (högst tio). "
            "Då ser de kurstillfället i sin kalender. Adressen räcker, så du behöver inte leta i en lista "
            "med alla anställda."
        ),
    )
    modules = forms.ModelMultipleChoiceField(
        label=_("Moduler/teman"), queryset=CourseModule.objects.none(), required=False
    )

    def __init__(self, *args, modules=None, lecturer_groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        if modules is not None:
            self.fields["modules"].queryset = modules
        if lecturer_groups is not None:
            # The picker (courses.lecturer_picker): the template draws it as fieldsets, one per group.
            self.lecturer_groups = lecturer_groups
            self.fields["picked_lecturers"] = forms.TypedMultipleChoiceField(
                label=_("Föreläsare ur registret"),
                required=False,
                coerce=int,
                choices=[(option.staff_id, option.name) for group in lecturer_groups for option in group.options],
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": _("Välj föreläsare bland dem som listas.")},
            )
            self.fields["lecturer_emails"].label = _("Andra medarbetare som föreläser")
            self.fields["lecturer_emails"].help_text = _(
                "Finns föreläsaren inte i listan? Skriv arbetsmejlen till medarbetare i organisationen, "
                "en per rad. Då ser de kurstillfället i sin kalender."
            )
        self.fields["modules"].label_from_instance = lambda module: f"{module.course.name}: {module.title}"
        self.fields["modules"].widget.attrs["size"] = 6

    def picked_ids(self) -> set[int]:
        """Return the staff ids ticked in the picker, as posted or as the initial value."""
        if "picked_lecturers" not in self.fields:
            return set()
        values = self["picked_lecturers"].value() or []
        return {int(value) for value in values if str(value).isdigit()}

    def clean_lecturer_emails(self) -> list[str]:
        """Return the distinct addresses, lower-cased; the service checks that they belong to colleagues."""
        emails = []
        for raw in self.cleaned_data["lecturer_emails"].replace(",", "\n").replace(";", "\n").split():
            email = raw.strip().lower()
            try:
                validate_email(email)
            except forms.ValidationError as error:
                raise forms.ValidationError(_("%(email)s är inte en e-postadress.") % {"email": raw}) from error
            if email not in emails:
                emails.append(email)
        if len(emails) > MAX_LECTURERS:
            raise forms.ValidationError(_("Ange högst %(count)s föreläsare.") % {"count": MAX_LECTURERS})
        return emails

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("Sluttiden måste vara efter starttiden."))
        picked, emails = cleaned.get("picked_lecturers") or [], cleaned.get("lecturer_emails") or []
        if len(picked) + len(emails) > MAX_LECTURERS:
            self.add_error("picked_lecturers", _("Ange högst %(count)s föreläsare.") % {"count": MAX_LECTURERS})
        return cleaned


class BaseSessionFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]:
            raise forms.ValidationError(_("Lägg till minst ett kurstillfälle."))


SessionFormSet = forms.formset_factory(SessionForm, formset=BaseSessionFormSet, extra=2, max_num=30)


def session_formset_for(course) -> type[BaseSessionFormSet]:
    """The session slots of a new round: one per course day of the chosen course (Del 1: three), else two."""
    if course is None:
        return SessionFormSet
    days = sum((module.days for module in course.modules.all()), start=0)
    slots = min(max(math.ceil(days), 1), 30)
    return forms.formset_factory(SessionForm, formset=BaseSessionFormSet, extra=slots, max_num=30)


class RoundCreateForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Kurs"), queryset=Course.objects.none())
    title = forms.CharField(label=_("Titel"), max_length=200)
    capacity = forms.IntegerField(label=_("Antal platser"), min_value=1, max_value=1000, initial=32)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(RoundStatus.OPEN, RoundStatus.OPEN.label), (RoundStatus.PLANNED, RoundStatus.PLANNED.label)],
    )
    notes = forms.CharField(label=_("Anteckningar"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, courses=None, **kwargs):
        super().__init__(*args, **kwargs)
        if courses is not None:
            self.fields["course"].queryset = courses


class RoundEditForm(forms.ModelForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (RoundStatus.PLANNED, RoundStatus.PLANNED.label),
            (RoundStatus.OPEN, RoundStatus.OPEN.label),
            (RoundStatus.FULL, RoundStatus.FULL.label),
        ],
    )

    class Meta:
        model = CourseRound
        fields = ["title", "capacity", "status", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.status in (RoundStatus.HELD, RoundStatus.CANCELLED):
            self.fields["status"].choices = [(self.instance.status, self.instance.get_status_display())]


class RoundMoveForm(forms.Form):
    new_start = forms.DateField(label=_("Ny första dag"), widget=DATE)


class CancelForm(forms.Form):
    note = forms.CharField(label=_("Meddelande (valfritt)"), max_length=500, required=False)


class NominateForm(forms.Form):
    # Options written in Python (OptionsSelect): through Django's option template each, the 44 rounds a national
    # organisation has open were a third of the nominate page.
    course_round = forms.ModelChoiceField(
        label=_("Kursomgång"), queryset=CourseRound.objects.none(), widget=OptionsSelect
    )

    def __init__(self, *args, rounds=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["course_round"]
        if rounds is not None:
            field.queryset = rounds
            # The same rows and labels as the field's choices (which still validate the chosen round), read as
            # values: as choices, each round was a model instance with its course, read through a server-side
            # cursor with every fill count, the largest part of the national nominate page (cProfile).
            blank = [] if field.empty_label is None else [("", field.empty_label)]
            field.widget.options = lambda: [*blank, *self.round_options(rounds)]
        field.label_from_instance = self.round_label

    @staticmethod
    def round_options(rounds) -> list[tuple[int, str]]:
        """Return the (pk, label) of each round, in the queryset's order, ties by pk (as choices they fell so)."""
        booked = "booked_count" in rounds.query.annotations
        fields = ["pk", "title", "starts_on", "capacity", *(["booked_count"] if booked else [])]
        order = [*rounds.query.order_by, "pk"] if rounds.query.order_by else []
        rows = rounds.order_by(*order).values_list(*fields) if order else rounds.values_list(*fields)
        return [
            (pk, NominateForm.round_text(title, starts_on, capacity, *fill))
            for pk, title, starts_on, capacity, *fill in rows
        ]

    @staticmethod
    def round_label(course_round):
        return NominateForm.round_text(
            course_round.title,
            course_round.starts_on,
            course_round.capacity,
            getattr(course_round, "booked_count", None),
        )

    @staticmethod
    def round_text(title: str, starts_on, capacity: int, booked: int | None = None) -> str:
        """Return a round's option: its title, first day and, when counted, its booked seats of its capacity."""
        dates = starts_on.strftime("%Y-%m-%d") if starts_on else ""
        fill = f" – {booked}/{capacity}" if booked is not None else ""
        return f"{title} ({dates}){fill}"


class NomineeSearchForm(forms.Form):
    """The round page's search for someone to nominate, read from the query string."""

    sok = forms.CharField(label=_("Sök medarbetare att nominera"), max_length=100, required=False)


class RoundNominateForm(forms.Form):
    staff = forms.ModelChoiceField(label=_("Medarbetare"), queryset=None)

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff


class DropOutForm(forms.Form):
    reason = forms.ChoiceField(label=_("Orsak"), choices=DropOutReason.choices)
    text = forms.CharField(label=_("Beskrivning"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


COMPLETED, NOT_COMPLETED = "completed", "not_completed"


class OutcomeForm(forms.Form):
    """One booked participant's outcome on the mark-held page; the initial values are attendance's proposal."""

    nomination = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    outcome = forms.ChoiceField(
        label=_("Utfall"),
        choices=[(COMPLETED, _("Slutförd")), (NOT_COMPLETED, _("Inte slutförd"))],
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=_("Orsak om inte slutförd"), choices=[("", "–"), *DropOutReason.choices], required=False
    )
    text = forms.CharField(label=_("Beskrivning"), max_length=500, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == NOT_COMPLETED:
            if not cleaned.get("reason"):
                self.add_error("reason", _("Välj en orsak till att deltagaren inte slutförde."))
            elif cleaned["reason"] == DropOutReason.OTHER and not cleaned.get("text", "").strip():
                self.add_error("text", _("Beskriv orsaken när du väljer Annat."))
        return cleaned


OutcomeFormSet = forms.formset_factory(OutcomeForm, extra=0, max_num=1000, validate_max=True)


class NominationMoveForm(forms.Form):
    course_round = forms.ModelChoiceField(
        label=_("Ny omgång"), queryset=CourseRound.objects.none(), widget=OptionsSelect
    )

    def __init__(self, *args, rounds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if rounds is not None:
            self.fields["course_round"].queryset = rounds
        self.fields["course_round"].label_from_instance = NominateForm.round_label


class CompleteForm(forms.Form):
    reason = forms.CharField(label=_("Skäl till att deltagaren godkänns trots frånvaro"), max_length=500)


class DialogueSplitForm(forms.Form):
    group_size = forms.IntegerField(label=_("Deltagare per grupp"), min_value=2, max_value=30, initial=6)


class DialogueMoveForm(forms.Form):
    """Which participant goes to which group; ids are checked against the round in the view."""

    nomination = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    group = forms.IntegerField(min_value=1, max_value=2**31 - 1)


class PlanningSettingsForm(forms.ModelForm):
    excluded_months = forms.TypedMultipleChoiceField(
        label=_("Månader utan Del 1"),
        choices=MONTH_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    weekday = forms.TypedChoiceField(label=_("Första kursdagens veckodag"), choices=WEEKDAY_CHOICES, coerce=int)
    week_of_month = forms.TypedChoiceField(label=_("Vilken i månaden"), choices=WEEK_CHOICES, coerce=int)
    del2_month = forms.TypedChoiceField(label=_("Startmånad för Del 2"), choices=MONTH_CHOICES, coerce=int)

    class Meta:
        model = PlanningSettings
        fields = [
            "excluded_months",
            "weekday",
            "week_of_month",
            "default_place",
            "capacity",
            "del2_month",
            "del2_capacity",
            "del2_interval_weeks",
            "reminder_days_before",
            "lead_days",
        ]


class ClosureDayForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DATE)
    reason = forms.CharField(
        label=_("Anledning"),
        max_length=200,
        required=False,
        help_text=_("Till exempel klämdag eller planeringsdag."),
    )
