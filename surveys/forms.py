from django import forms
from django.utils.translation import gettext_lazy as _

from surveys.models import RATING_VALUES, Question, QuestionKind, SurveyTemplate
from surveys.services import AnswerInput

DONT_KNOW = "vet_ej"
OTHER = "annat"


class SurveyTemplateForm(forms.ModelForm):
    class Meta:
        model = SurveyTemplate
        fields = ["name", "purpose", "introduction", "reminder_after_days", "is_active"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 3})}


class QuestionForm(forms.ModelForm):
    choice_labels = forms.CharField(
        label=_("Svarsalternativ (flerval)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ett alternativ per rad. Används bara för flervalsfrågor."),
    )

    class Meta:
        model = Question
        fields = ["text", "kind", "required", "allow_dont_know", "per_module", "allow_other", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["choice_labels"].initial = "\n".join(choice.label for choice in self.instance.choices.all())

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return data

    def choice_list(self) -> list[str]:
        return self.cleaned_data.get("choice_labels", "").splitlines()


def _field_name(question: Question, module=None) -> str:
    return f"q{question.pk}" + (f"_m{module.pk}" if module is not None else "")


class ResponseForm(forms.Form):
    """The questionnaire as a form: one field per question, per module for per-module ratings."""

    def __init__(self, *args, questions: list[Question], modules: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.modules = modules
        self.items: list[tuple[Question, object | None, str]] = []  # (question, module, field name)
        for question in questions:
            if question.kind == QuestionKind.RATING and question.per_module:
                for module in modules:
                    self._add(question, module)
            else:
                self._add(question, None)

    def _add(self, question: Question, module) -> None:
        name = _field_name(question, module)
        label = module.title if module is not None else question.text
        required = question.required
        if question.kind == QuestionKind.RATING:
            choices = [(str(value), str(value)) for value in RATING_VALUES]
            if question.allow_dont_know:
                choices.append((DONT_KNOW, _("Vet ej")))
            field = forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, required=required)
        elif question.kind == QuestionKind.YES_NO:
            field = forms.ChoiceField(
                label=label, choices=[("ja", _("Ja")), ("nej", _("Nej"))], widget=forms.RadioSelect, required=required
            )
        elif question.kind == QuestionKind.MULTIPLE_CHOICE:
            choices = [(str(choice.pk), choice.label) for choice in question.choices.all()]
            if question.allow_other:
                choices.append((OTHER, _("Annat")))
            field = forms.MultipleChoiceField(
                label=label, choices=choices, widget=forms.CheckboxSelectMultiple, required=required
            )
            if question.allow_other:
                self.fields[f"{name}_annat"] = forms.CharField(
                    label=_("Annat, nämligen"), required=False, max_length=500
                )
        else:
            field = forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": 3}), required=required)
        field.error_messages["required"] = _("Svara på frågan.")
        self.fields[name] = field
        self.items.append((question, module, name))

    def rows(self):
        """Yield (question, module, field, "annat" text field or None) in the order they are asked."""
        for question, module, name in self.items:
            other = f"{name}_annat"
            yield question, module, self[name], self[other] if other in self.fields else None

    def clean(self):
        cleaned = super().clean()
        for question, _module, name in self.items:
            if question.kind == QuestionKind.MULTIPLE_CHOICE and question.allow_other:
                picked_other = OTHER in (cleaned.get(name) or [])
                other_text = (cleaned.get(f"{name}_annat") or "").strip()
                if picked_other and not other_text:
                    self.add_error(f"{name}_annat", _("Skriv vad du menar med ”annat”."))
                if other_text and not picked_other and name in cleaned:
                    cleaned[name] = [*cleaned[name], OTHER]
        return cleaned

    def answer_inputs(self) -> list[AnswerInput]:
        """Turn the cleaned form into the service's answer inputs."""
        inputs = []
        for question, module, name in self.items:
            value = self.cleaned_data.get(name)
            item = AnswerInput(question_id=question.pk, module_id=module.pk if module is not None else None)
            if question.kind == QuestionKind.RATING:
                if value == DONT_KNOW:
                    item.dont_know = True
                elif value:
                    item.rating = int(value)
            elif question.kind == QuestionKind.YES_NO:
                item.yes = {"ja": True, "nej": False}.get(value)
            elif question.kind == QuestionKind.MULTIPLE_CHOICE:
                item.choice_ids = [int(pk) for pk in value or [] if pk != OTHER]
                if OTHER in (value or []):
                    item.other_text = (self.cleaned_data.get(f"{name}_annat") or "").strip()
            else:
                item.text = (value or "").strip()
            inputs.append(item)
        return inputs


class SurveySendForm(forms.Form):
    """Choose a held round and a template, e.g. the follow-up some months after the round."""

    course_round = forms.ModelChoiceField(label=_("Kursomgång"), queryset=None)
    template = forms.ModelChoiceField(label=_("Enkät"), queryset=None)

    def __init__(self, *args, rounds, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course_round"].queryset = rounds
        self.fields["template"].queryset = templates
