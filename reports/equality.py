"""Report 3: equal treatment across districts (likabehandling): do hires get Del 1 and Del 2 in time everywhere?

Per district and area, of the socialsekreterare hired in the period: how many; the share who
completed Del 1 within four months of starting; the share who attended every Del 2 theme within two
years; how many are overdue today. A share counts only hires whose window has closed or who have
already made it in time, so a hire still inside the window is neither a success nor a failure.
The deadlines are the courses app's own (`del1_deadline`, `del2_deadline`).
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from django.db.models import Count, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from courses.models import Attendance, Course, CourseKind, Nomination, NominationStatus, RoundSession
from courses.selectors import del1_deadline, del2_deadline
from districts import arrays, clock
from districts.models import Area
from reports import charts, selectors
from reports.filters import ReportFilters
from reports.suppression import Suppressor, protect_cells
from reports.tables import Column, Kind, Report, Table


@dataclass
class Tally:
    hires: int = 0
    del1_decided: int = 0
    del1_in_time: int = 0
    del2_decided: int = 0
    del2_in_time: int = 0
    overdue: int = 0

    def add(self, other: "Tally") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


HIRE_FIELDS = ("pk", "organisation_id", "employment_start", "employment_end")
# A hire's Del 1 is done on the last day (else the first) of the round they completed. A nomination's course_kind is
# its course's kind (Nomination.save and course_save keep the copy): read on the nomination, the hires' Del 1 and
# Del 2 places are found without joining every round to its course first.
DEL1_COMPLETED = {"status": NominationStatus.COMPLETED, "course_kind": CourseKind.DEL1}
DEL1_DONE_ON = Min(Coalesce("course_round__ends_on", "course_round__starts_on"))


def _del1_done_on() -> Subquery:
    """Return the day the staff member of the outer row completed Del 1 (None: not completed)."""
    return Subquery(
        Nomination.objects.filter(staff=OuterRef("pk"), **DEL1_COMPLETED)
        .values("staff")
        .annotate(done_on=DEL1_DONE_ON)
        .values("done_on")
    )


def hire_tallies(*, user, filters: ReportFilters, today: datetime.date) -> dict[tuple[int, str, str], Tally]:
    """Return a tally per (district id, district name, area) for the period's hires (four queries)."""
    hires = list(
        selectors.hires_for(
            user=user, filters=filters, start=filters.start, end=filters.end, today=today, role_by_row=True
        )
        .values(*HIRE_FIELDS, "unit__district_id", "unit__district__name", "unit__area")
        # Read with the hires, by the one index probe a hire: as a query of its own the 1,700 ids of a year's hires
        # went back to PostgreSQL as an array Django prepared id by id (~2 ms a request on the national seed).
        .annotate(del1_done_on=_del1_done_on())
        .order_by()  # the tally does not depend on the order; sorting thousands of hires by name did nothing
    )
    return tally_hires(
        hires,
        key=lambda hire: (hire["unit__district_id"], hire["unit__district__name"], hire["unit__area"]),
        today=today,
    )


def tally_hires(hires: list[dict], *, key: Callable[[dict], Hashable], today: datetime.date) -> dict:
    """Tally the hires (rows with HIRE_FIELDS) per `key(hire)`: in time for Del 1 and Del 2, overdue (four queries,
    three when each row carries its `del1_done_on` already, annotated with `_del1_done_on`).

    The one rule of the equality report, which the regional report applies per municipality as well.
    """
    hire_ids = [hire["pk"] for hire in hires]
    if hires and "del1_done_on" in hires[0]:
        del1_done = {hire["pk"]: hire["del1_done_on"] for hire in hires}
    else:
        del1_done = dict(
            Nomination.objects.filter(arrays.among("staff_id", hire_ids), **DEL1_COMPLETED)
            .values("staff_id")
            .annotate(done_on=DEL1_DONE_ON)
            .values_list("staff_id", "done_on")
        )
    themes_in_all = dict(
        Course.objects.filter(kind=CourseKind.DEL2, organisation_id__in={hire["organisation_id"] for hire in hires})
        .annotate(themes=Count("modules"))
        .values_list("organisation_id", "themes")
    )
    first_attended = _first_attended_themes(hire_ids)
    tallies: dict = defaultdict(Tally)
    # Hires share their first days (a year's thousands start on a few hundred), so each day's deadlines are worked
    # out once.
    deadlines: dict[datetime.date, tuple[datetime.date, datetime.date]] = {}
    for hire in hires:
        tally = tallies[key(hire)]
        start, still_employed = hire["employment_start"], not hire["employment_end"] or hire["employment_end"] >= today
        tally.hires += 1
        if start not in deadlines:
            deadlines[start] = (del1_deadline(start), del2_deadline(start))
        deadline1, deadline2 = deadlines[start]
        done1 = del1_done.get(hire["pk"])
        done1 = done1 if done1 is not None and done1 <= today else None  # the report is as of `today`
        in_time1 = done1 is not None and done1 <= deadline1
        if in_time1 or deadline1 < today:
            tally.del1_decided += 1
            tally.del1_in_time += in_time1
        themes = themes_in_all.get(hire["organisation_id"], 0)
        attended = {module: day for module, day in first_attended.get(hire["pk"], {}).items() if day <= today}
        in_time2 = bool(themes) and sum(1 for day in attended.values() if day <= deadline2) >= themes
        all_done = bool(themes) and len(attended) >= themes
        if in_time2 or deadline2 < today:
            tally.del2_decided += 1
            tally.del2_in_time += in_time2
        overdue1 = done1 is None and deadline1 < today
        overdue2 = not all_done and deadline2 < today
        tally.overdue += still_employed and (overdue1 or overdue2)
    return tallies


def _first_attended_themes(hire_ids: list[int]) -> dict[int, dict[int, datetime.date]]:
    """Return, per hire, the first day each Del 2 theme was on a session they attended (two queries).

    The sessions attended are read first and only their themes after: joined in one query, PostgreSQL hashed every
    session and every session's themes of the database to keep a year's hires' (~30 of ~45 ms on the national seed).
    """
    attended = list(
        Attendance.objects.filter(
            arrays.among("nomination__staff_id", hire_ids),
            present=True,
            # The session is of the nomination's round (attendance is recorded per round, courses' attendance_record).
            nomination__course_kind=CourseKind.DEL2,
        )
        .values_list("nomination__staff_id", "session_id")
        .order_by()
    )
    themes: dict[int, list[tuple[int, datetime.date]]] = defaultdict(list)
    for session_id, module_id, day in (
        RoundSession.modules.through.objects.filter(
            arrays.among("roundsession_id", list({session_id for _staff_id, session_id in attended})),
            roundsession__cancelled=False,
        )
        .values_list("roundsession_id", "coursemodule_id", "roundsession__date")
        .order_by()
    ):
        themes[session_id].append((module_id, day))
    first_attended: dict[int, dict[int, datetime.date]] = defaultdict(dict)
    for staff_id, session_id in attended:
        firsts = first_attended[staff_id]
        for module_id, day in themes.get(session_id, ()):
            if module_id not in firsts or day < firsts[module_id]:
                firsts[module_id] = day
    return first_attended


def _row(label: str, tally: Tally, suppress: Suppressor) -> list:
    return [
        label,
        suppress.count(tally.hires),
        suppress.share(tally.del1_in_time, tally.del1_decided),
        suppress.share(tally.del2_in_time, tally.del2_decided),
        suppress.count(tally.overdue),
    ]


COUNTED = (1, 4)  # hires and overdue: a district's are the sums of its areas', the whole's of the districts'


def _protect_together(district_rows: list[list], whole_row: list, area_rows: list[tuple]) -> None:
    """Protect the district table and the area table as one system, since each adds up to the other."""
    grid = [*district_rows, whole_row, *(cells for _name, _area, cells in area_rows)]
    whole_index, first_area = len(district_rows), len(district_rows) + 1
    lines = []
    for column in COUNTED:
        lines.append((tuple((r, column) for r in range(len(district_rows))), (whole_index, column)))
        lines.append((tuple((first_area + i, column) for i in range(len(area_rows))), (whole_index, column)))
        for r, district_row in enumerate(district_rows):
            parts = tuple(
                (first_area + i, column) for i, (name, _area, _cells) in enumerate(area_rows) if name == district_row[0]
            )
            lines.append((parts, (r, column)))
    protect_cells(grid, lines)


def equality_report(*, user, filters: ReportFilters, today: datetime.date | None = None) -> Report:
    """Build report 3: one row per district, one per district and area, and the whole organisation."""
    today = today or clock.today()
    suppress = selectors.suppressor_for(user=user, filters=filters)
    tallies = hire_tallies(user=user, filters=filters, today=today)
    # Organisation-wide readers also count staff without a unit (so without a district), in a row of their own.
    no_unit = _("Utan enhet")
    by_district: dict[str, Tally] = defaultdict(Tally)
    whole = Tally()
    for (_district_id, district_name, _area), tally in tallies.items():
        by_district[district_name or no_unit].add(tally)
        whole.add(tally)
    names = sorted(by_district, key=lambda name: (name == no_unit, name))
    columns = [
        Column(_("Stadsdel"), Kind.TEXT),
        Column(_("Nyanställda"), Kind.COUNT),
        Column(_("Del 1 inom fyra månader"), Kind.SHARE),
        Column(_("Hela Del 2 inom två år"), Kind.SHARE),
        Column(_("Försenade i dag"), Kind.COUNT),
    ]
    whole_label = _("Hela organisationen")
    district_rows = [_row(name, by_district[name], suppress) for name in names]
    whole_row = _row(whole_label, whole, suppress)
    area_rows = [
        (name or no_unit, area, _row("", tally, suppress))
        for (_district_id, name, area), tally in sorted(
            tallies.items(), key=lambda item: (item[0][1] is None, item[0][1] or "", item[0][2] or "")
        )
    ]
    _protect_together(district_rows, whole_row, area_rows)
    districts = Table(
        title=_("Per stadsdel"),
        columns=columns,
        rows=district_rows,
        total=whole_row,
        note=_(
            "Nyanställda: socialsekreterare som började under perioden och inte hade slutat vid dess slut, "
            "som på startsidan."
        )
        + " "
        + _(
            "Andelarna räknas på de nyanställda vars tidsgräns har passerats eller som redan klarat den; den som "
            "fortfarande är inom sin tid räknas inte. Försenade: anställda i dag som passerat tidsgränsen för Del 1 "
            "eller Del 2 utan att ha gjort klart."
        ),
        empty_text=_("Inga nyanställda i perioden."),
    )
    # Each area's label translated once, as text: a lazy label in every row was translated again wherever the
    # row was written out (the suppression's memory of the table writes every cell).
    area_labels = {value: str(label) for value, label in Area.choices}
    areas = Table(
        title=_("Per stadsdel och område"),
        columns=[columns[0], Column(_("Område"), Kind.TEXT), *columns[1:]],
        rows=[[name, area_labels[area] if area else "–", *cells[1:]] for name, area, cells in area_rows],
        total=[whole_label, "", *whole_row[1:]],
    )
    chart = charts.bar_chart(
        title=_("Andel som gjort Del 1 inom fyra månader"),
        categories=[*names, whole_label],
        # The chart draws the table's cells, so it hides what the table hides.
        series=[charts.Series(_("Del 1 i tid"), [*districts.column(2), districts.total[2]])],
        kind=Kind.SHARE,
        max_value=1,
    )
    districts.chart = chart
    return Report(
        title=_("Likabehandling mellan stadsdelar"),
        tables=[districts, areas],
        filters_text=filters.describe,
        slug="likabehandling",
    )
