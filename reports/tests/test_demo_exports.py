"""Every export the report pages offer downloads, in every format, from the demo data.

The test follows the links a coordinator sees from the report index (as a person clicking through
would), so a report or an export added later is downloaded too without changing the test.
"""

import csv
import html
import io
import re
from collections import defaultdict
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.urls import resolve, reverse
from openpyxl import load_workbook

from surveys.tests.factories import default_evaluation

pytestmark = pytest.mark.django_db

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


def test_every_export_of_every_report_downloads_in_every_format_from_the_demo_data(client):
    default_evaluation()  # installed by a data migration, which a flushing test before this one may have removed
    call_command("seed_demo", "--staff", "200", stdout=io.StringIO())
    client.login(username="samordnare@demo.se", password="demo1234")

    pages, exports = _crawl_report_pages(client)
    formats_by_view = defaultdict(set)
    for url in exports:
        _check_download(url, client.get(url))
        formats_by_view[resolve(urlsplit(url).path).url_name].add(parse_qs(urlsplit(url).query)["format"][0])

    assert set(formats_by_view) == EXPORTING_VIEWS, pages
    assert dict(formats_by_view) == dict.fromkeys(EXPORTING_VIEWS, FORMATS)
