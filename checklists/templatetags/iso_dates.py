"""Dates and times as the plan's page writes them (2026-12-01, 2026-12-01 09:30), without Django's date formatter.

`|date:"Y-m-d H:i"` goes through the language's format machinery for each value; a plan's page writes ~150 of them
(items, their history, its meetings), a seventh of its render. These give the same text in every language.
"""

import datetime

from django import template

register = template.Library()


@register.filter(expects_localtime=True)
def iso_date(value: datetime.date | None) -> str:
    """Return the date as YYYY-MM-DD (a datetime in local time), or "" for no date, as `|date:"Y-m-d"`."""
    return value.strftime("%Y-%m-%d") if isinstance(value, datetime.date) else ""


@register.filter(expects_localtime=True)
def iso_minute(value: datetime.datetime | None) -> str:
    """Return the time in local time as YYYY-MM-DD HH:MM, or "" for no time, as `|date:"Y-m-d H:i"`."""
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime.datetime) else ""
