"""Del 2 per theme: which of the Del 2 themes each hire has done, and the round and session that covered each.

A theme is done once the hire was present at a session covering it (the earliest such session is named), or
when they completed a Del 2 round whose sessions covered it (a completion approved without full attendance).
Counted in themes ("12 av 19 teman"), never in sessions: one session may cover several themes, and a theme
may be taught again in a later round. The reads are a fixed number of queries however many hires are shown.
"""

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, F, Q, QuerySet, Value

from courses.models import (
    Attendance,
    Course,
    CourseKind,
    CourseModule,
    CourseRound,
    Nomination,
    NominationStatus,
    RoundSession,
)
from districts.compiled import CompiledRead, field_names, instance


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


# A Del 2 theme is covered by a session the person attended, or by each held session of a Del 2 round they
# completed: the nominations side of that rule, for every read of it.
COMPLETED_DEL2_SESSIONS = Q(
    status=NominationStatus.COMPLETED,
    course_round__course__kind=CourseKind.DEL2,
    course_round__sessions__cancelled=False,
)


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
            COMPLETED_DEL2_SESSIONS, staff_id__in=staff_ids, course_round__sessions__modules__in=module_ids
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


def del2_themes_of(person) -> HireThemes:
    """Return one staff member's Del 2 themes, as `del2_themes_for([person])[person.pk]` does, from compiled reads.

    The plan page shows one hire's themes: through the ORM its three reads (the themes with their course, what
    covered them, the sessions with their rounds) were built, compiled and turned into instances on every view,
    ~2.4 ms of CPU on the national seed for ~0.3 ms of SQL. Here two reads are compiled once a process (the
    organisation's themes; the sessions the person attended or completed, with their rounds and modules)."""
    modules = []
    for row in _modules_read.rows(organisation_id=person.organisation_id):
        module = instance(CourseModule, row)
        module.course = instance(Course, row, "course__")
        modules.append(module)
    # module id -> the row of the session that covers it first, as del2_themes_for picks it.
    covered: dict[int, dict] = {}
    for row in _covered_read.rows(staff_id=person.pk):
        current = covered.get(row["module_id"])
        if current is None or _coverage_order(current) > _coverage_order(row):
            covered[row["module_id"]] = row
    rows = []
    for module in modules:
        found = covered.get(module.pk)
        if found is None:
            rows.append(ThemeRow(module=module))
            continue
        session = instance(RoundSession, found, "s_")
        session.course_round = instance(CourseRound, found, "r_")
        rows.append(ThemeRow(module=module, session=session, via_completion=found["via"]))
    return HireThemes(staff_id=person.pk, rows=rows)


def _coverage_order(row: dict) -> tuple:
    # A session attended beats a completed round's; then the earliest; then the lowest id (del2_themes_for's note).
    return (row["via"], row["s_date"], row["s_id"])


def _modules_of(*, organisation_id: int) -> QuerySet:
    return (
        CourseModule.objects.filter(course__kind=CourseKind.DEL2, course__organisation_id=organisation_id)
        .order_by("order", "pk")
        .values(*field_names(CourseModule), *field_names(Course, "course__"))
    )


def _covered_of(*, staff_id: int) -> QuerySet:
    # Not narrowed to the Del 2 themes in SQL (del2_themes_of looks up only those): the person's id is the one input,
    # so the SQL is kept for every person; joined to the themes' course and the person's organisation instead,
    # planning the two parts' ~16 relations took ~10 ms. The person's sessions on other courses' modules are a few
    # rows more.
    attended = (
        Attendance.objects.filter(
            present=True,
            nomination__staff_id=staff_id,
            session__modules__isnull=False,
        )
        .order_by()  # a part of a compound statement may not be ordered (SQLite)
        .values(
            module_id=F("session__modules"),
            **{f"s_{name}": F(f"session__{name}") for name in field_names(RoundSession)},
            **{f"r_{name}": F(f"session__course_round__{name}") for name in field_names(CourseRound)},
            via=Value(False, output_field=BooleanField()),
        )
    )
    completed = (
        Nomination.objects.filter(
            COMPLETED_DEL2_SESSIONS, staff_id=staff_id, course_round__sessions__modules__isnull=False
        )
        .order_by()
        .values(
            module_id=F("course_round__sessions__modules"),
            **{f"s_{name}": F(f"course_round__sessions__{name}") for name in field_names(RoundSession)},
            **{f"r_{name}": F(f"course_round__{name}") for name in field_names(CourseRound)},
            via=Value(True, output_field=BooleanField()),
        )
    )
    return attended.union(completed, all=True)


# The organisation, and the person, are each read's one parameter: compiled once a process (districts.compiled).
_modules_read = CompiledRead(_modules_of)
_covered_read = CompiledRead(_covered_of, varying=("staff_id",))
