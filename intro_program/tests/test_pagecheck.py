"""The journeys' page checker finds what it is there to find, each problem on its own page (pagecheck.py).

The pages are served by the browser context's route (no live server, no database): a tidy one, one with an
image without a text (axe: critical) and one 600 px wide, checked in one probe page in that order, so the
wide page is loaded after the probe was widened to a desktop for the previous page's axe run.
"""

import pytest

from intro_program.tests.pagecheck import PageChecker

pytestmark = pytest.mark.browser

ORIGIN = "http://pagecheck.test"
_PAGE = '<!doctype html><html lang="sv"><head><title>{title}</title></head><body><main><h1>{title}</h1>{body}</main>'
PAGES = {
    "/tidy/": _PAGE.format(title="Snygg", body="<p>Inget att anmärka på.</p>"),
    "/no-alt/": _PAGE.format(title="Bild", body='<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'),
    "/wide/": _PAGE.format(title="Bred", body='<div style="width: 600px">Bredare än en telefon.</div>'),
}


@pytest.fixture
def context(browser):
    context = browser.new_context()
    context.route(
        f"{ORIGIN}/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body=PAGES[route.request.url[len(ORIGIN) :]]),
    )
    yield context
    context.close()


def test_the_checker_names_the_page_with_an_axe_violation_and_the_page_wider_than_a_phone(context):
    checker = PageChecker(context)
    for path in PAGES:
        checker.record(f"{ORIGIN}{path}")
    checker.record(f"{ORIGIN}/tidy/")  # a page visited twice is checked once

    checker.check_all()

    assert [problem.split(":", 1)[0] for problem in checker.problems] == ["/no-alt/", "/wide/"], checker.report()
    assert "axe critical image-alt" in checker.problems[0]
    assert "px wide at 375 px (scrolls sideways); wider than the screen: div" in checker.problems[1]
    assert context.pages == []  # the probe page is closed
