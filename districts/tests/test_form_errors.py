from django import forms
from django.core.exceptions import ValidationError

from districts.form_errors import apply_errors, error_text


class _NameForm(forms.Form):
    name = forms.CharField()


def test_a_fields_message_lands_on_its_field_and_the_rest_above_the_form():
    form = _NameForm({"name": "Anna"})
    assert form.is_valid()

    apply_errors(form, ValidationError({"name": "Namnet finns redan.", "unit": "Enheten saknas."}))

    assert form.errors["name"] == ["Namnet finns redan."]
    assert form.non_field_errors() == ["Enheten saknas."]


def test_a_plain_message_lands_above_the_form():
    form = _NameForm({"name": "Anna"})
    assert form.is_valid()

    apply_errors(form, ValidationError("Planen är avslutad."))

    assert form.non_field_errors() == ["Planen är avslutad."]
    assert "name" not in form.errors


def test_the_messages_read_as_one_line():
    assert error_text(ValidationError(["Fel ett.", "Fel två."])) == "Fel ett. Fel två."
