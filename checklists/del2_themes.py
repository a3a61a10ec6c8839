"""Del 2 per theme: which of the Del 2 themes each hire has done, and the round and session that covered each.

A theme is done once the hire was present at a session covering it (the earliest such session is named), or
when they completed a Del 2 round whose sessions covered it (a completion approved without full attendance).
Counted in themes ("12 av 19 teman"), never in sessions: one session may cover several themes, and a theme
may be taught again in a later round. The reads are a fixed number of queries however many hires are shown.
"""

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, Value

from courses.models import Attendance, CourseKind, CourseModule, CourseRound, Nomination, NominationStatus, RoundSession


@dataclass(frozen=True)
class ThemeRow:
    """One Del 2 theme for one hire: done or not, and where."""

    module: CourseModule
    session: RoundSession | None = None
    via_completion: bool = False

    @property
    def done(self) -> bool:
        return self.session is not None

    @property
    def course_round(self) -> CourseRound | None:
        return self.session.course_round if self.session else None


@dataclass(frozen=True)
class HireThemes:
    """One hire's Del 2 themes in the course's order."""

    staff_id: int
    rows: list[ThemeRow]

    @property
    def done(self) -> int:
        return sum(1 for row in self.rows if row.done)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def del2_themes_for(staff_members) -> dict[int, HireThemes]:
    """Return each staff member's Del 2 themes (of their organisation's Del 2 course), keyed by staff id."""
    staff_members = list(staff_members)
    if not staff_members:
        return {}
    staff_ids = [person.pk for person in staff_members]
    modules_by_org: dict[int, list[CourseModule]] = {}
    for module in (
        CourseModule.objects.filter(
            course__kind=CourseKind.DEL2,
            course__organisation_id__in={person.organisation_id for person in staff_members},
        )
        .select_related("course")
        .order_by("order", "pk")
    ):
        modules_by_org.setdefault(module.course.organisation_id, []).append(module)
    module_ids = [module.pk for modules in modules_by_org.values() for module in modules]

    # (staff, module) -> (session date, session id, via completion): the earliest attended session wins.
    covered: dict[tuple[int, int], tuple[datetime.date, int, bool]] = {}

    def note(staff_id, module_id, day, session_id, via_completion):
        key = (staff_id, module_id)
        candidate = (day, session_id, via_completion)
        current = covered.get(key)
        if current is None or (current[2], current[0], current[1]) > (via_completion, day, session_id):
            covered[key] = candidate

    # The attended sessions and the completed rounds' sessions in one query (UNION ALL): each was a round trip and
    # a plan of its own, for the few rows one hire has.
    attended = (
        Attendance.objects.filter(present=True, nomination__staff_id__in=staff_ids, session__modules__in=module_ids)
        .annotate(via_completion=Value(False, output_field=BooleanField()))
        .order_by()  # the models' orderings: a part of a compound statement may not be ordered (SQLite)
        .values_list("nomination__staff_id", "session__modules", "session__date", "session_id", "via_completion")
    )
    completed = (
        Nomination.objects.filter(
            staff_id__in=staff_ids,
            status=NominationStatus.COMPLETED,
            course_round__course__kind=CourseKind.DEL2,
            course_round__sessions__cancelled=False,
            course_round__sessions__modules__in=module_ids,
        )
        .annotate(via_completion=Value(True, output_field=BooleanField()))
        .order_by()
        .values_list(
            "staff_id",
            "course_round__sessions__modules",
            "course_round__sessions__date",
            "course_round__sessions__id",
            "via_completion",
        )
    )
    for staff_id, module_id, day, session_id, via_completion in attended.union(completed, all=True):
        note(staff_id, module_id, day, session_id, via_completion)

    sessions = RoundSession.objects.select_related("course_round").in_bulk(
        {session_id for _day, session_id, _via in covered.values()}
    )
    result = {}
    for person in staff_members:
        rows = []
        for module in modules_by_org.get(person.organisation_id, []):
            found = covered.get((person.pk, module.pk))
            if found is None:
                rows.append(ThemeRow(module=module))
            else:
                rows.append(ThemeRow(module=module, session=sessions[found[1]], via_completion=found[2]))
        result[person.pk] = HireThemes(staff_id=person.pk, rows=rows)
    return result
