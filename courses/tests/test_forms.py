from django.utils import translation

from courses.forms import MONTH_CHOICES


def test_month_names_in_the_planning_form_follow_the_language(english_catalogue):
    with translation.override("sv"):
        assert [str(name) for _number, name in MONTH_CHOICES][:2] == ["Januari", "Februari"]
    with translation.override("en"):
        assert [str(name) for _number, name in MONTH_CHOICES][:2] == ["January", "February"]
        assert [number for number, _name in MONTH_CHOICES] == list(range(1, 13))
