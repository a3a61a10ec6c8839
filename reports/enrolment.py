"""Report 1: enrolled (anmälda) and completed (slutförda) per round, by gender, with drop-out, like Tabell 1/2."""

import datetime
import functools
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from courses.models import (
    ENROLLED_STATUSES,
    DropOutReason,
    Nomination,
    NominationEvent,
    NominationEventKind,
    NominationStatus,
    RoundStatus,
)
from districts.models import Gender
from reports import charts, selectors
from reports.filters import ReportFilters
from reports.suppression import Hidden, Suppressor, protect_table
from reports.tables import Column, Kind, Report, Table

COUNTS = (
    "enrolled",
    "enrolled_women",
    "enrolled_men",
    "completed",
    "completed_women",
    "completed_men",
)
SEAT_EVENTS = (NominationEventKind.BOOKED, NominationEventKind.PROMOTED)
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def enrolled_condition(prefix: str = "") -> Q:
    """Return the condition for a nomination that counts as enrolled (anmäld): it held a seat when its round began.

    Booked, completed and dropped-out nominations hold or held a seat. A cancelled one counts only
    when it held a seat (booked or moved up from the waitlist) before the round's first day and was
    cancelled on that day or later; so a cancellation before the start is not enrolled, nor is a
    waitlisted person who never got a seat. Days are Stockholm days. This is the one definition of
    "anmälda" in the reports: Tabell 1/2 count drop-out as everyone enrolled who did not complete.
    `prefix` reaches the nomination from another model (e.g. "nominations__" from a staff member).
    """
    events = NominationEvent.objects.filter(nomination=OuterRef(f"{prefix}pk"))
    start = OuterRef(f"{prefix}course_round__starts_on")
    seat_before_start = events.filter(kind__in=SEAT_EVENTS).annotate(day=TruncDate("at", tzinfo=STOCKHOLM))
    cancelled_from_start = events.filter(kind=NominationEventKind.CANCELLED).annotate(
        day=TruncDate("at", tzinfo=STOCKHOLM)
    )
    return Q(**{f"{prefix}status__in": ENROLLED_STATUSES}) | Q(
        Exists(seat_before_start.filter(day__lt=start)),
        Exists(cancelled_from_start.filter(day__gte=start)),
        **{f"{prefix}status": NominationStatus.CANCELLED},
    )


def enrolled_nominations(*, user, filters: ReportFilters):
    """Return the enrolled nominations of the period's rounds that the user's report counts."""
    # Said on the staff row where that is the same rows: PostgreSQL reads the organisation's staff by its index
    # instead of scanning every staff member of the database (national seed: 1,069 buffers to 430), and without
    # the units joined to test their districts (ten years on the national seed: ~41 to ~37 ms).
    return Nomination.objects.filter(
        enrolled_condition(),
        selectors.staff_scope_condition(user=user, filters=filters, path="staff"),
        course_round__in=selectors.rounds_for(user=user, filters=filters).values("pk"),
    )


class TallyRow(NamedTuple):
    """One group of enrolled nominations of `enrolled_tally` and how many they are (`n`)."""

    course_round: int
    course_round__status: str
    status: str
    drop_out_reason: str
    staff__gender: str
    n: int


def enrolled_tally(*, user, filters: ReportFilters) -> list[TallyRow]:
    """Count the enrolled nominations of the period's rounds by round, round status, status, drop-out reason and
    gender (one query): the counts of Tabell 1/2 and the reasons for not completing both add these up, so the
    nominations are read once, not once for each."""
    # Tuples, not dicts: ten years of rounds are ~3,200 groups.
    return [
        TallyRow(*row)
        for row in enrolled_nominations(user=user, filters=filters)
        .values("course_round", "course_round__status", "status", "drop_out_reason", "staff__gender")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list(*TallyRow._fields)
    ]


def _round_counts(tally: list[TallyRow]) -> dict[int, dict[str, int]]:
    counted: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    for row in tally:
        counts, n = counted[row.course_round], row.n
        completed = row.status == NominationStatus.COMPLETED
        counts["enrolled"] += n
        counts["completed"] += n if completed else 0
        gender = _GENDER_COUNTS.get(row.staff__gender)
        if gender:
            counts[gender[0]] += n
            counts[gender[1]] += n if completed else 0
    return counted


_GENDER_COUNTS = {Gender.KVINNA: ("enrolled_women", "completed_women"), Gender.MAN: ("enrolled_men", "completed_men")}


@dataclass
class RoundCounts:
    """One round of the period with its counts of Tabell 1/2 (`counts`, by the names in COUNTS)."""

    pk: int
    title: str
    course_name: str
    starts_on: datetime.date | None
    status: str
    counts: dict[str, int]

    @property
    def label(self) -> str:
        return _label(self.title, self.course_name, self.starts_on)


def enrolment_rounds(*, user, filters: ReportFilters, tally: list[TallyRow] | None = None) -> list[RoundCounts]:
    """Return the rounds of the period with the counts of Tabell 1/2 (two queries, one with `tally`).

    Read as values, not model instances: ten years of rounds with their courses cost more to build as models
    than the query took.
    """
    counted = _round_counts(enrolled_tally(user=user, filters=filters) if tally is None else tally)
    rounds = []
    for pk, title, course_name, starts_on, status in (
        selectors.rounds_for(user=user, filters=filters)
        .order_by("starts_on", "pk")
        .values_list("pk", "title", "course__name", "starts_on", "status")
    ):
        counts = counted.get(pk) or dict.fromkeys(COUNTS, 0)
        if status == RoundStatus.HELD or counts["enrolled"]:
            rounds.append(RoundCounts(pk, title, course_name, starts_on, status, counts))
    return rounds


def _reason(row: TallyRow) -> str:
    if row.status == NominationStatus.DROPPED_OUT:
        return row.drop_out_reason
    if row.status == NominationStatus.CANCELLED:
        return CANCELLED_AFTER_START
    return NO_OUTCOME


def drop_out_reasons(*, user, filters: ReportFilters, tally: list[TallyRow] | None = None) -> dict[str, int]:
    """Count the enrolled who did not complete the period's held rounds by reason (one query, none with `tally`).

    Explicit drop-outs carry their reason; cancellations after the start are counted on their own, and
    so is anyone left booked on a held round (recorded before outcomes were settled).
    """
    counted: dict[str, int] = defaultdict(int)
    for row in enrolled_tally(user=user, filters=filters) if tally is None else tally:
        if row.course_round__status == RoundStatus.HELD and row.status != NominationStatus.COMPLETED:
            counted[_reason(row)] += row.n
    return {reason: counted.get(reason, 0) for reason in [*DropOutReason.values, CANCELLED_AFTER_START, NO_OUTCOME]}


CANCELLED_AFTER_START = "cancelled_after_start"
NO_OUTCOME = "no_outcome"


def _reason_label(reason: str) -> str:
    if reason == CANCELLED_AFTER_START:
        return _("Avbokad efter start")
    if reason == NO_OUTCOME:
        return _("Inget utfall registrerat")
    return str(DropOutReason(reason).label)  # text, not a lazy label translated again wherever it is written


@functools.lru_cache(maxsize=4096)
def _short_date(day: datetime.date, language: str) -> str:
    # Django's date formatting costs a tenth of a millisecond a call: ten years of rounds share their days.
    return date_format(day, "SHORT_DATE_FORMAT")


def round_label(course_round) -> str:
    return _label(course_round.title, course_round.course.name, course_round.starts_on)


def _label(title: str, course_name: str, starts_on: datetime.date | None, language: str | None = None) -> str:
    when = _short_date(starts_on, language or get_language()) if starts_on else ""
    return f"{title} ({course_name}, {when})" if when else title


def drop_out_share(enrolled: int, completed: int) -> float | None:
    """Return Tabell 1/2's drop-out: everyone enrolled who did not complete, (enrolled − completed) / enrolled."""
    return (enrolled - completed) / enrolled if enrolled else None


def enrolment_table(rows: list[tuple[str, dict[str, int], bool]], suppress: Suppressor) -> Table:
    """Build the Tabell 1/2 table from (label, counts, held) per round, with its totals row, protected.

    The drop-out share is shown for held rounds only (the others have no outcome yet); the totals
    row's share is that of the held rounds.
    """

    def cells(label, counts, share):
        enrolled_women, enrolled_men = suppress.pair(counts["enrolled_women"], counts["enrolled_men"])
        completed_women, completed_men = suppress.pair(counts["completed_women"], counts["completed_men"])
        small = share is not None and suppress.is_small(counts["enrolled"])
        shown_share = Hidden(suppress.threshold) if small else share
        return [
            label,
            suppress.count(counts["enrolled"]),
            enrolled_women,
            enrolled_men,
            suppress.count(counts["completed"]),
            completed_women,
            completed_men,
            shown_share,
        ]

    totals = {name: sum(counts[name] for _label, counts, _held in rows) for name in COUNTS}
    held = [counts for _label, counts, is_held in rows if is_held]
    held_enrolled, held_completed = sum(c["enrolled"] for c in held), sum(c["completed"] for c in held)
    columns = [
        Column(_("Kursomgång"), Kind.TEXT),
        Column(_("Tot."), Kind.COUNT),
        Column(_("Kvinnor"), Kind.COUNT),
        Column(_("Män"), Kind.COUNT),
        Column(_("Tot."), Kind.COUNT),
        Column(_("Kvinnor"), Kind.COUNT),
        Column(_("Män"), Kind.COUNT),
        Column(_("Andel avhopp"), Kind.SHARE),
    ]
    threshold = suppress.threshold
    return Table(
        title=_("Antal deltagare per kursomgång"),
        columns=columns,
        groups=[("", 1), (_("Antal anmälda"), 3), (_("Antal slutförda"), 3), ("", 1)],
        rows=[
            cells(label, counts, drop_out_share(counts["enrolled"], counts["completed"]) if is_held else None)
            for label, counts, is_held in rows
        ],
        total=cells(_("Totalt"), totals, drop_out_share(held_enrolled, held_completed)) if rows else None,
        note=_(
            "Anmälda är de som hade en plats när omgången började: bokade, slutförda, avbrutna och de som "
            "avbokade sig från första kursdagen; den som avbokade sig före start eller aldrig fick plats från "
            "reservlistan räknas inte. Andel avhopp = (anmälda − slutförda) / anmälda, för genomförda omgångar. "
            "Personer med annat eller ej angivet kön räknas i totalen men inte som kvinnor eller män."
        )
        + (
            " "
            + _(
                "Grupper med färre än %(n)s personer visas som ”< %(n)s”. Fler siffror döljs där de annars "
                "tillsammans med totalerna skulle avslöja en sådan grupp."
            )
            % {"n": threshold}
            if threshold
            else ""
        ),
        empty_text=_("Inga kursomgångar i perioden."),
        # Women and men add up to the row's total (treated as exact, the stricter case); no more complete
        # than enrolled, so a shown completed count would bound a hidden enrolled one; the drop-out share
        # follows from the enrolled and the completed.
        together=((2, 3), (5, 6)),
        row_sums={1: (2, 3), 4: (5, 6)},
        derived={4: (1,), 5: (2,), 6: (3,), 7: (1, 4)},
        at_most=((4, 1), (5, 2), (6, 3)),
        row_sums_exact=False,
    )


def enrolment_report(*, user, filters: ReportFilters) -> Report:
    """Build report 1 from the nominations: one row per round, a totals row, and the reasons for not completing."""
    suppress = selectors.suppressor_for(user=user, filters=filters)
    tally = enrolled_tally(user=user, filters=filters)
    rounds = enrolment_rounds(user=user, filters=filters, tally=tally)
    language = get_language()
    main = enrolment_table(
        # The language read once, not for each of ten years of rounds (a context-local lookup each time).
        [
            (_label(r.title, r.course_name, r.starts_on, language), r.counts, r.status == RoundStatus.HELD)
            for r in rounds
        ],
        suppress,
    )
    reasons = drop_out_reasons(user=user, filters=filters, tally=tally)
    not_completed = sum(reasons.values())
    reason_rows = [[_reason_label(reason), suppress.count(count), None] for reason, count in reasons.items()]
    reason_total = [_("Totalt"), suppress.count(not_completed), None]
    protect_table(reason_rows, reason_total, summed=(1,))
    # A reason's share of a shown total would give its hidden count away, and a shown share of a hidden
    # total would give the total away: shares are shown only where both counts are.
    for row in [*reason_rows, reason_total]:
        shown = not isinstance(row[1], Hidden) and not isinstance(reason_total[1], Hidden)
        row[2] = (row[1] / not_completed if not_completed else None) if shown else Hidden(suppress.threshold, True)
    reason_table = Table(
        title=_("Orsaker till avhopp"),
        columns=[Column(_("Orsak"), Kind.TEXT), Column(_("Antal"), Kind.COUNT), Column(_("Andel"), Kind.SHARE)],
        rows=reason_rows,
        total=reason_total,
        note=_("Genomförda omgångar: alla anmälda som inte slutförde, efter orsak."),
    )
    chart = charts.bar_chart(
        title=_("Anmälda och slutförda per kursomgång"),
        categories=[r.title for r in rounds],
        series=[
            charts.Series(_("Anmälda"), main.column(1)),
            charts.Series(_("Slutförda"), main.column(4)),
        ],
    )
    main.chart = chart if rounds else ""
    return Report(
        title=_("Anmälda och slutförda per kursomgång"),
        tables=[main, reason_table],
        filters_text=filters.describe,
        slug="anmalda-och-slutforda",
    )
