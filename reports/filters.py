"""The filter every report is computed for, independent of the form that builds it."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class ReportFilters:
    """The cleaned filter: a period and optional course, organisation, district and area."""

    start: datetime.date
    end: datetime.date
    course_id: int | None = None
    organisation_id: int | None = None
    district_id: int | None = None
    area: str = ""
    describe: str = ""
