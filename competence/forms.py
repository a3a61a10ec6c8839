"""The forms of the competence pages; the rules live in competence.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from districts.forms import DateInput
from districts.models import CompetenceLevel


class CreditEntryForm(forms.Form):
    earned_on = forms.DateField(label=_("Datum"), widget=DateInput())
    source = forms.CharField(label=_("Källa"), max_length=200, help_text=_("Till exempel lärosäte och kursens namn."))
    credits = forms.DecimalField(
        label=_("Högskolepoäng"),
        max_digits=4,
        decimal_places=1,
        localize=True,
        min_value=0.1,
        max_value=300,
        help_text=_("Till exempel 7,5."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["credits"].widget.attrs["inputmode"] = "decimal"


class CompetenceReviewForm(forms.Form):
    reviewed_on = forms.DateField(label=_("Datum för prövningen"), widget=DateInput())
    decided_level = forms.ChoiceField(label=_("Beslutad nivå"), choices=CompetenceLevel.choices)
    rationale = forms.CharField(
        label=_("Vad beslutet vilar på"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Krävs när nivån skiljer sig från förslaget."),
    )
