"""The supervisors' own training: which 1:e socialsekreterare of current hires took "Att introducera och handleda".

A supervisor is whoever is named supervisor of a current hire (districts.selectors.current_hires) the user may
see. Taken means completed (a nomination "Slutförd", as the enrolment report counts completion) on a round of
any course of the kind FORSTE_TRAINING; booked means a seat or a waitlist place on a coming or running round.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce

from courses.models import ACTIVE_STATUSES, CourseKind, Nomination, NominationStatus
from districts import access, arrays, clock
from districts import selectors as district_selectors
from districts.compiled import CompiledRead
from districts.models import StaffMember

NOMINATE_KIND = CourseKind.FORSTE_TRAINING  # the nominate page's ?typ= for the training's rounds


def _training(status_condition: dict) -> QuerySet[Nomination]:
    # The nomination's own copy of its course's kind (kept by course_save), answered by a small partial index:
    # through the round to its course, PostgreSQL hashed every completed nomination of the database for each.
    return Nomination.objects.filter(staff=OuterRef("pk"), course_kind=CourseKind.FORSTE_TRAINING, **status_condition)


def _current_hires(user, today):
    return district_selectors.current_hires(queryset=access.visible_staff(user), today=today or clock.today())


def _recent_starters(user, today):
    """The visible staff who started within the new-hire window: a superset of the current hires, no role probed."""
    today = today or clock.today()
    start, _ = district_selectors.new_hire_window(today=today)
    return access.visible_staff(user).filter(employment_start__gte=start)


def _supervisors_of(hires, recent_starters) -> QuerySet[StaffMember]:
    # Read from the supervisors' side: the few hundred distinct supervisors of recent starters (an index-only
    # scan, no role probed), each kept if one current hire of theirs exists. Taking the supervisors of the
    # current hires instead probed the role of every one of the 3,700 hires of the national seed.
    # pk = ANY(ARRAY(...)), not pk IN (...) (districts.arrays): the array is read first and its supervisors by
    # primary key; SQLite's planner reads the IN's subquery first anyway.
    candidate_ids = recent_starters.order_by().values("supervisor_id").distinct()
    has_current_hire = Exists(hires.filter(supervisor_id=OuterRef("pk")).order_by())
    return StaffMember.objects.filter(arrays.among("pk", candidate_ids, using=hires.db), has_current_hire)


def _supervisors_with_training(hires, recent_starters) -> QuerySet[StaffMember]:
    return _supervisors_of(hires, recent_starters).annotate(
        completed=Exists(_training({"status": NominationStatus.COMPLETED})),
        booked=Exists(_training({"status__in": ACTIVE_STATUSES})),
    )


def supervisors_of_current_hires(*, user, today=None) -> QuerySet[StaffMember]:
    """Return the supervisors of the user's visible current hires, with `completed`, `booked` and `hire_count`.

    Those who have not completed come first; one query whatever the number of supervisors.
    """
    hires = _current_hires(user, today)
    hire_count = (
        hires.filter(supervisor_id=OuterRef("pk"))
        .order_by()
        .values("supervisor_id")
        .annotate(count=Count("pk", distinct=True))
        .values("count")
    )
    return (
        _supervisors_with_training(hires, _recent_starters(user, today))
        .select_related("unit__district")
        .annotate(hire_count=Coalesce(Subquery(hire_count, output_field=IntegerField()), 0))
        .order_by("completed", "booked", "last_name", "first_name", "pk")
    )


@dataclass(frozen=True)
class TrainingSummary:
    supervisors: int
    completed: int
    booked: int

    @property
    def not_started(self) -> int:
        return self.supervisors - self.completed - self.booked


def training_summary(*, user, today=None) -> TrainingSummary:
    """Count the supervisors, those who completed and those booked but not yet completed (one query)."""
    completed = Exists(_training({"status": NominationStatus.COMPLETED}))
    booked = Exists(_training({"status__in": ACTIVE_STATUSES}))
    supervisors = _supervisors_of(_current_hires(user, today), _recent_starters(user, today))
    counts = supervisors.aggregate(
        supervisors=Count("pk"),
        completed=Count("pk", filter=Q(completed)),
        booked=Count("pk", filter=Q(booked) & ~Q(completed)),
    )
    return TrainingSummary(**counts)


def _untrained_first(*, user, rows: int, today) -> QuerySet[StaffMember]:
    # The panel shows a supervisor's name and no unit or district: joined here, the unit and district were read
    # for each of the national seed's 400 supervisors the window counts, not only for the rows shown.
    return (
        supervisors_of_current_hires(user=user, today=today)
        .select_related(None)
        .annotate(
            supervisors_in_all=Window(Count("pk")),
            completed_in_all=Window(Count("pk", filter=Q(completed=True))),
            booked_in_all=Window(Count("pk", filter=Q(booked=True, completed=False))),
        )
        .values("pk", "first_name", "last_name", *_UNTRAINED_ANNOTATIONS)[:rows]
    )


_UNTRAINED_ANNOTATIONS = (
    "completed",
    "booked",
    "hire_count",
    "supervisors_in_all",
    "completed_in_all",
    "booked_in_all",
)

# Its SQL built once per reader and day: building and compiling its five EXISTS and three windows was ~4 ms of the
# coordinator's dashboard, more than PostgreSQL's run of it.
_untrained_read = CompiledRead(_untrained_first)


def untrained_supervisors_with_summary(*, user, rows: int, today=None) -> tuple[TrainingSummary, list[StaffMember]]:
    """Return the summary and the first `rows` supervisors who have not completed the training, in one query.

    The counts are window counts over every supervisor, read with the first rows (those who have not
    completed sort first), so the dashboard panel needs no second query. The supervisors are read with their
    names only (the other fields deferred) and the annotations of `supervisors_of_current_hires`.
    """
    found = _untrained_read.rows(user=user, rows=rows, today=today or clock.today())
    if not found:
        return TrainingSummary(0, 0, 0), []
    first = found[0]
    summary = TrainingSummary(first["supervisors_in_all"], first["completed_in_all"], first["booked_in_all"])
    return summary, [_supervisor(row) for row in found if not row["completed"]]


def _supervisor(row: dict) -> StaffMember:
    supervisor = StaffMember.from_db(
        StaffMember.objects.db, ["id", "first_name", "last_name"], [row["pk"], row["first_name"], row["last_name"]]
    )
    for name in _UNTRAINED_ANNOTATIONS:
        setattr(supervisor, name, row[name])
    return supervisor
