"""The reports on the full demo (`seed_demo --staff 200`), seeded once for the module (plugins.shared_rows).

Every export the report pages offer downloads, in every format, from the demo data: the test follows the
links a coordinator sees from the report index (as a person clicking through would), so a report or an
export added later is downloaded too without changing the test. The dashboard, the equality report and
the capacity plan count the same new hires, and anonymising leavers changes no number in any report.
The demo's hires past their second year tick their plan's evaluation item by answering it (the answer's signal,
intro_program.receivers), anonymously; its region (the city and three neighbours) fills the regional report's
equality and survey tables with believable numbers. The demo is seeded with its on-commit work done, as a real
seeding commits it. Each test's writes (its logins, the anonymising) roll back before the next.
"""

import csv
import datetime
import html
import io
import re
from collections import defaultdict
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.urls import resolve, reverse
from openpyxl import load_workbook

from checklists.bilaga3 import INTRODUCTION_EVALUATION_TITLE
from checklists.models import EventSource, IntroductionPlan, PlanItem
from courses.models import Nomination
from districts import clock, services
from districts.models import Organisation, StaffMember
from districts.selectors import new_hire_cutoff
from reports import enrolment, equality, needs, participation, survey_results
from reports.filters import ReportFilters
from reports.forms import RegionalReportForm
from reports.models import NeedsPeriod
from reports.regional import regional_report
from reports.suppression import Hidden
from reports.tests.test_new_hires import _organisation_counts
from surveys.models import Answer, Invitation, Response, SurveyPurpose
from surveys.tests.factories import default_evaluation

pytestmark = [pytest.mark.django_db, pytest.mark.long_running(110)]  # seeds the demo: first under -n


def _seed_the_demo():
    default_evaluation()  # installed by a data migration, which a flushing test before this module may have removed
    with TestCase.captureOnCommitCallbacks(execute=True):  # as a real seeding commits: the answers' signals tick
        call_command("seed_demo", "--staff", "200", stdout=io.StringIO())


@pytest.fixture(scope="module")
def demo(seed_for_module, module_clock):
    yield from seed_for_module(_seed_the_demo)


# The report views that answer `?format=` (reports.views._page): each must be reached by the crawl.
EXPORTING_VIEWS = {
    "enrolment",
    "surveys",
    "survey_result",
    "survey_course_result",
    "equality",
    "participation",
    "competence_levels",
    "needs_summary",
    "supervisor_training",
    "survey_follow_up",
    "teaching",
}
FORMATS = {"xlsx", "csv", "pdf"}


def _links(page_url: str, content: str) -> list[str]:
    return [urljoin(page_url, html.unescape(href)) for href in re.findall(r'href="([^"#]+)"', content)]


def _crawl_report_pages(client) -> tuple[list[str], list[str]]:
    """Return the report pages reachable from the index and the export links they carry."""
    start = reverse("reports:index")
    pages, exports, queue = [], set(), [start]
    seen = {start}
    while queue:
        url = queue.pop(0)
        response = client.get(url)
        assert response.status_code == 200, url
        pages.append(url)
        for link in _links(url, response.content.decode()):
            parts = urlsplit(link)
            if not parts.path.startswith(start) or parts.netloc:
                continue
            query = parse_qs(parts.query)
            if "format" in query:
                exports.add(link)
            elif link not in seen and not query.keys() - {"year"}:  # pages, not every filter and sort order
                seen.add(link)
                queue.append(link)
    return pages, sorted(exports)


def _check_download(url: str, response) -> None:
    assert response.status_code == 200, url
    assert "attachment" in response["Content-Disposition"], url
    output = parse_qs(urlsplit(url).query)["format"][0]
    if output == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet.max_row > 1, url
        assert not [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"], url
    elif output == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        assert len(rows) > 1, url
    else:
        assert response.content.startswith(b"%PDF"), url


def test_every_export_of_every_report_downloads_in_every_format_from_the_demo_data(demo, client):
    client.login(username="samordnare@demo.se", password="demo1234")

    pages, exports = _crawl_report_pages(client)
    formats_by_view = defaultdict(set)
    for url in exports:
        _check_download(url, client.get(url))
        formats_by_view[resolve(urlsplit(url).path).url_name].add(parse_qs(urlsplit(url).query)["format"][0])

    assert set(formats_by_view) == EXPORTING_VIEWS, pages
    assert dict(formats_by_view) == dict.fromkeys(EXPORTING_VIEWS, FORMATS)


def test_the_demo_shows_one_number_of_new_hires_on_the_dashboard_the_equality_report_and_the_capacity_plan(
    demo, client
):
    user = get_user_model().objects.get(username="samordnare@demo.se")
    client.force_login(user)
    dashboard = _organisation_counts(user)["hires"]
    equality_count = client.get(reverse("reports:equality")).context["report"].tables[0].total[1]
    capacity = client.get(reverse("reports:capacity")).context
    assert dashboard > 0
    assert equality_count == dashboard == capacity["new_hires"]
    assert capacity["recorded"] == (dashboard + 1) // 2


EVERY_DAY = ReportFilters(start=datetime.date(2000, 1, 1), end=datetime.date(2099, 12, 31))


def _numbers(report) -> list:
    return [(table.title, table.display_rows(), table.display_total()) for table in report.tables]


def _every_report(user) -> dict:
    """Compute every report the programme has for the whole organisation and all time, as shown."""
    overview, surveys = survey_results.survey_overview_report(user=user, filters=EVERY_DAY)
    reports = {
        "enrolment": _numbers(enrolment.enrolment_report(user=user, filters=EVERY_DAY)),
        "drop_out_reasons": enrolment.drop_out_reasons(user=user, filters=EVERY_DAY),
        "surveys": _numbers(overview),
        "equality": _numbers(equality.equality_report(user=user, filters=EVERY_DAY)),
        "participation": _numbers(participation.participation_report(user=user, filters=EVERY_DAY)),
    }
    for period in NeedsPeriod.objects.order_by("pk"):
        reports[f"needs {period.pk}"] = _numbers(needs.needs_summary_report(user=user, period=period))
    return reports


def test_every_report_gives_the_same_numbers_before_and_after_anonymising(demo):
    organisation = Organisation.objects.get(slug="goteborg")
    coordinator = StaffMember.objects.get(user__username="samordnare@demo.se").user
    today = clock.today()
    # Leavers with a record to lose: hires who have a plan and were nominated, who left 40 days ago.
    leavers = list(
        StaffMember.objects.filter(
            organisation=organisation,
            introduction_plan__isnull=False,
            nominations__isnull=False,
            employment_start__lt=today - datetime.timedelta(days=60),
            user__isnull=True,
        )
        .distinct()
        .order_by("pk")[:25]
    )
    assert len(leavers) == 25
    StaffMember.objects.filter(pk__in=[person.pk for person in leavers]).update(
        employment_end=today - datetime.timedelta(days=40)
    )
    organisation.anonymise_after_months = 1
    organisation.save()
    before = _every_report(coordinator)
    assert before["enrolment"] and before["participation"] and before["equality"]

    anonymised = services.staff_anonymise_expired(today=today)

    assert anonymised >= 25
    assert (
        StaffMember.objects.filter(pk__in=[person.pk for person in leavers], anonymised_at__isnull=False).count() == 25
    )
    assert IntroductionPlan.objects.filter(staff__in=leavers).count() == 25
    assert Nomination.objects.filter(staff__in=leavers).count() >= 25
    assert _every_report(coordinator) == before


def test_the_demos_hires_past_their_second_year_tick_their_evaluation_by_answering_it_anonymously(demo):
    second_year_ended = new_hire_cutoff(today=clock.today())
    invited = Invitation.objects.filter(purpose=SurveyPurpose.INTRODUCTION, staff__organisation__slug="goteborg")
    items = PlanItem.objects.filter(
        plan__staff__organisation__slug="goteborg", template_item__title=INTRODUCTION_EVALUATION_TITLE
    )
    finished = items.filter(plan__staff__employment_start__lt=second_year_ended)
    # The demo's hires who ended their second year with a plan were all asked; some answered, some not yet.
    assert finished.count() >= 2
    assert set(finished.values_list("plan__staff_id", flat=True)) <= set(invited.values_list("staff_id", flat=True))
    answered = set(invited.filter(answered_at__isnull=False).values_list("staff_id", flat=True))
    ticked = finished.filter(done=True)
    assert ticked.exists()
    # Ticked exactly for those who answered, each by the survey and by nobody's hand.
    assert set(ticked.values_list("plan__staff_id", flat=True)) == answered & set(
        finished.values_list("plan__staff_id", flat=True)
    )
    for item in ticked:
        event = item.events.get(new_done=True)
        assert (event.source, event.actor_id, event.reference) == (EventSource.AUTOMATIC, None, "survey:introduction")
    # No item of a hire still in their first two years is ticked by the evaluation.
    assert not items.filter(plan__staff__employment_start__gte=second_year_ended, done=True).exists()

    # Anonymous: one response per answer, and nothing stored with a response or an answer leads to a person.
    survey_ids = set(invited.values_list("survey_id", flat=True))
    assert Response.objects.filter(survey__in=survey_ids).count() == invited.filter(answered_at__isnull=False).count()
    for model in (Response, Answer):
        related = {field.related_model for field in model._meta.get_fields() if field.is_relation}
        assert not related & {Invitation, StaffMember}, model
        columns = {
            column.name
            for column in connection.introspection.get_table_description(connection.cursor(), model._meta.db_table)
        }
        assert not {"staff_id", "invitation_id", "created_at", "answered_at", "user_id"} & columns, model


def test_the_demo_region_shows_equality_and_evaluations_for_every_municipality(demo):
    reader = get_user_model().objects.get(username="region@demo.se")
    report = regional_report(user=reader, filters=RegionalReportForm().filters())  # the page's default: a year
    tables = {table.title: table for table in report.tables}
    equality, surveys = tables["Likabehandling per kommun"], tables["Kursutvärderingar per kommun"]
    names = {"Göteborgs Stad", "Mölndals stad", "Kungälvs kommun", "Partille kommun"}
    shown = f"{equality.rows}\n{equality.total}\n{surveys.rows}\n{surveys.total}"
    assert {row[0] for row in equality.rows} == {row[0] for row in surveys.rows} == names, shown
    for name, hires, del1_in_time, _del2_in_time, overdue in equality.rows:
        # Every municipality hired enough in the year to be shown; most of them made Del 1 in time.
        assert hires >= 5, (name, shown)
        assert del1_in_time is None or 0.4 <= del1_in_time <= 1, (name, shown)
        assert isinstance(overdue, Hidden) or 0 <= overdue < hires, (name, shown)
    assert equality.total[1] >= 40 and 0.6 <= equality.total[2] <= 0.95, shown
    for name, invited, _answered, rate, grade, three_to_five, recommend in surveys.rows:
        assert invited >= 5 and 0.4 <= rate <= 0.95, (name, shown)
        assert 3 <= grade <= 5 and 0.7 <= three_to_five <= 1 and 0.6 <= recommend <= 1, (name, shown)
    assert surveys.total[1] == sum(row[1] for row in surveys.rows), shown
    assert 0.6 <= surveys.total[3] <= 0.8 and 3.5 <= surveys.total[4] <= 4.5, shown
