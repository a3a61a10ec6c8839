"""The pages the benchmark measures, for whom, and the targets they must meet."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from districts.models import Organisation, StaffMember, Unit
from intro_program.bench.history import HISTORY_YEARS

TARGET_MEDIAN_MS = 300
TARGET_MAX_QUERIES = 40  # a page whose queries grow with its rows passes this at national scale
TARGET_PEAK_MIB = 50


@dataclass
class BenchContext:
    """Objects the measured URLs point at, seen from the user being measured."""

    organisation: Organisation
    unit: Unit
    staff: StaffMember
    extra: dict[str, Any] = field(default_factory=dict)


ALL_USERS = ("HR", "coordinator", "enhetschef", "forste")
MANAGERS = ("HR", "coordinator", "enhetschef")
ORGANISATION_WIDE = ("HR", "coordinator")
HEAVY_TARGET_MS = 2000  # ten-year reports and exports


@dataclass(frozen=True)
class BenchPage:
    label: str
    url_name: str
    kwargs: Callable[[BenchContext], dict] = lambda context: {}
    query: str | Callable[[BenchContext], str] = ""
    users: tuple[str, ...] = MANAGERS  # the bench users (see bench_users) whose work uses the page
    target_ms: int = TARGET_MEDIAN_MS

    def url(self, context: BenchContext) -> str:
        query = self.query(context) if callable(self.query) else self.query
        return reverse(self.url_name, kwargs=self.kwargs(context)) + query


def _extra(name: str) -> Callable[[BenchContext], dict]:
    return lambda context: {"pk": context.extra[name]}


def _this_year(context: BenchContext) -> str:
    return f"?year={context.extra['year']}"


def _ten_years(context: BenchContext) -> str:
    year = context.extra["year"]
    return f"?start={year - HISTORY_YEARS + 1}-01-01&end={year}-12-31"


# Other apps append their pages here (e.g. from their AppConfig.ready or a bench module). A page is measured for
# each user in `users`; names that do not resolve, and kwargs the context lacks, are skipped.
MEASURED_PAGES: list[BenchPage] = [
    BenchPage("dashboard", "dashboard", users=ALL_USERS),
    BenchPage("staff list, page 1", "districts:staff_list"),
    BenchPage("staff search", "districts:staff_list", query="?q=lind"),
    BenchPage(
        "staff filtered",
        "districts:staff_list",
        query="?competence_level=nyborjare&new_hires=on&role=socialsekreterare",
    ),
    BenchPage("staff list, last page", "districts:staff_list", query="?sida=last"),
    BenchPage("staff detail", "districts:staff_detail", kwargs=lambda context: {"pk": context.staff.pk}),
    BenchPage("staff edit form", "districts:staff_edit", kwargs=lambda context: {"pk": context.staff.pk}),
    BenchPage("district list", "districts:district_list"),
    BenchPage("unit list", "districts:unit_list"),
    BenchPage("unit detail", "districts:unit_detail", kwargs=lambda context: {"pk": context.unit.pk}),
    # courses
    BenchPage("course calendar, a year", "courses:calendar", query=lambda c: f"?ar={c.extra['year']}", users=ALL_USERS),
    BenchPage("Del 1 round detail", "courses:round_detail", kwargs=_extra("del1_round"), users=MANAGERS),
    BenchPage(
        "Del 1 participant list", "courses:participant_list", kwargs=_extra("del1_round"), users=("coordinator",)
    ),
    BenchPage("Del 1 attendance", "courses:attendance", kwargs=_extra("del1_round"), users=("coordinator",)),
    BenchPage("Del 2 round detail", "courses:round_detail", kwargs=_extra("del2_round"), users=("coordinator",)),
    BenchPage("Del 2 attendance", "courses:attendance", kwargs=_extra("del2_round"), users=("coordinator",)),
    BenchPage(
        "nominate a hire",
        "courses:nominate",
        kwargs=lambda c: {"staff_pk": c.staff.pk},
        users=("coordinator", "enhetschef"),
    ),
    BenchPage(
        "nomination detail",
        "courses:nomination_detail",
        kwargs=_extra("nomination"),
        users=("coordinator", "enhetschef"),
    ),
    # checklists
    BenchPage(
        "introduction plan", "checklists:plan_detail", kwargs=lambda c: {"plan_id": c.extra["plan"]}, users=ALL_USERS
    ),
    BenchPage("Mina nyanställda", "checklists:my_hires", users=("forste",)),
    BenchPage("unit overview", "checklists:unit_overview", users=("enhetschef",)),
    BenchPage("district overview by progress", "checklists:overview", query="?sort=framsteg", users=ORGANISATION_WIDE),
    BenchPage("district overview by overdue", "checklists:overview", query="?sort=forsenade", users=ORGANISATION_WIDE),
    # reports
    BenchPage("enrolment report, a year", "reports:enrolment", query=_this_year),
    BenchPage("enrolment report, ten years", "reports:enrolment", query=_ten_years, target_ms=HEAVY_TARGET_MS),
    BenchPage("survey overview, a year", "reports:surveys", query=_this_year, users=ORGANISATION_WIDE),
    BenchPage("survey result, one round", "reports:survey_result", kwargs=_extra("survey"), users=ORGANISATION_WIDE),
    BenchPage(
        "survey results Del 1, ten years",
        "reports:survey_course_result",
        kwargs=lambda c: {"course_pk": c.extra["del1_course"]},
        query=_ten_years,
        users=ORGANISATION_WIDE,
        target_ms=HEAVY_TARGET_MS,
    ),
    BenchPage("equality report, a year", "reports:equality", query=_this_year, users=ORGANISATION_WIDE),
    BenchPage("participation report, a year", "reports:participation", query=_this_year),
    BenchPage(
        "enrolment Excel, ten years",
        "reports:enrolment",
        query=lambda c: _ten_years(c) + "&format=xlsx",
        users=ORGANISATION_WIDE,
        target_ms=HEAVY_TARGET_MS,
    ),
]
