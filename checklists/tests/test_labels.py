"""The plan page's cheaper names and dates read exactly as Django's get_FOO_display and date filter would."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from checklists.models import MeetingKind, PlanItem, PlanMeeting, ResponsibleRole

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_item_roles_and_meeting_kinds_are_named_as_their_display(language):
    with translation.override(language):
        for role in [*ResponsibleRole.values, "okänd"]:
            item = PlanItem(responsible_role=role)
            assert item.responsible_role_label == item.get_responsible_role_display(), (language, role)
        for kind in [*MeetingKind.values, "okänd"]:
            meeting = PlanMeeting(kind=kind)
            assert meeting.kind_label == meeting.get_kind_display(), (language, kind)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_iso_dates_read_as_the_date_filter(language):
    # Just after midnight UTC is the next day's hour in Stockholm: both must write local time.
    values = [
        datetime.datetime(2026, 3, 29, 0, 30, tzinfo=datetime.UTC),
        datetime.datetime(2026, 12, 31, 23, 5, tzinfo=datetime.UTC),
        timezone.make_aware(datetime.datetime(2026, 1, 2, 9, 7), STOCKHOLM),
        datetime.date(2026, 2, 3),
        None,
        "",
    ]
    mine = Template("{% load iso_dates %}{{ v|iso_date }}|{{ v|iso_minute }}")
    django = Template('{{ v|date:"Y-m-d" }}|{% if v.hour is not None %}{{ v|date:"Y-m-d H:i" }}{% endif %}')
    with translation.override(language), timezone.override(STOCKHOLM):
        for value in values:
            context = Context({"v": value})
            assert mine.render(context) == django.render(context), (language, value)
