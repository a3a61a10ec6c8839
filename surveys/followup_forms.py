"""Forms of the follow-up pages: the follow-up settings and the question to units that sent nobody."""

from django import forms
from django.utils.translation import gettext_lazy as _

from surveys.models import NonParticipationReason

YES_NO = [("yes", _("Ja")), ("no", _("Nej"))]


class FollowUpSettingsForm(forms.Form):
    follow_up_after_months = forms.IntegerField(
        label=_("Uppföljningen skickas antal månader efter omgången"),
        help_text=_("Till dem som slutförde omgången, med en påminnelse. Mellan 1 och 36."),
    )
    ask_non_participating = forms.BooleanField(
        label=_("Fråga enheter och stadsdelar som inte skickade någon varför"),
        help_text=_("Efter varje halvår, till enhetschefen eller områdeschefen."),
        required=False,
    )


class NonParticipationForm(forms.Form):
    knew_of_programme = forms.ChoiceField(
        label=_("Kände ni till introduktionsprogrammets kurser?"), choices=YES_NO, widget=forms.RadioSelect
    )
    reasons = forms.MultipleChoiceField(
        label=_("Om ja: varför skickade ni ingen? (flera svar möjliga)"),
        choices=NonParticipationReason.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_text = forms.CharField(label=_("Annat skäl"), max_length=500, required=False)

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "knew_of_programme": data["knew_of_programme"] == "yes",
            "reasons": list(data["reasons"]),
            "other_text": data["other_text"],
        }
