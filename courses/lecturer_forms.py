"""Forms of the key-people register and the trainer-support shares; they parse input, courses.lecturers decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import ProgrammeArea


class KeyPersonForm(forms.Form):
    email = forms.EmailField(label=_("Arbetsmejl"), max_length=254)
    area = forms.ChoiceField(label=_("Område"), choices=ProgrammeArea.choices)
    note = forms.CharField(label=_("Anteckning"), max_length=200, required=False)


class TrainerShareForm(forms.Form):
    district = forms.ModelChoiceField(label=_("Stadsdel"), queryset=None, required=False)
    email = forms.EmailField(label=_("eller en persons arbetsmejl"), required=False)
    share = forms.DecimalField(
        label=_("Andel av heltid"), min_value=0, max_value=1, decimal_places=2, localize=True, initial="0,2"
    )

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
