"""The one clock every rule reads: now, and today in Stockholm.

Rules take `today` as an argument or call `today()` here, never `date.today()` or the database's
clock, so a test that freezes time (time-machine) sees the whole application on the same day.
It lives in `districts`, the app every other app builds on, so no layer has to reach upwards for it.
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def now() -> datetime.datetime:
    """Return the current instant (aware, UTC)."""
    return timezone.now()


def today() -> datetime.date:
    """Return today's date in Stockholm."""
    return timezone.now().astimezone(STOCKHOLM).date()
