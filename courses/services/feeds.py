"""Writes to a person's private calendar feed: create it on first use, revoke its address."""

from django.db import transaction

from courses.models import (
    CalendarFeed,
)
from districts.models import StaffMember


def calendar_feed_for(*, staff: StaffMember) -> CalendarFeed:
    """Return the person's calendar feed, creating it on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(staff=staff)
    return feed


@transaction.atomic
def calendar_feed_revoke(*, staff: StaffMember) -> CalendarFeed:
    """Give the person a new feed address; the old one stops working at once."""
    feed = calendar_feed_for(staff=staff)
    feed.token = CalendarFeed._meta.get_field("token").default()
    feed.save(update_fields=["token", "created_at"])
    return feed
