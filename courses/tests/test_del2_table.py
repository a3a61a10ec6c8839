"""The Del 2 progress table's rows, formatted in Python (courses.templatetags.del2_table) as the template did."""

import datetime

from django.template.loader import render_to_string
from django.utils import translation

from courses.selectors import Del2Progress
from districts.models import StaffMember


def _row(attended: int, total: int, *, at_risk: bool = False, name: str = "Alva") -> Del2Progress:
    person = StaffMember(first_name=name, last_name="Berg")
    return Del2Progress(person, attended, total, datetime.date(2026, 11, 30), at_risk)


def _render(*rows: Del2Progress) -> str:
    with translation.override("sv"):
        return render_to_string("courses/_del2_table.html", {"rows": list(rows)})


def test_a_row_shows_the_themes_attended_and_the_window_end():
    html = _render(_row(4, 19))
    assert (
        '\n    <tr class="">\n      <td>Alva Berg</td>\n      <td class="min-w-10rem">\n'
        '        <div class="d-flex align-items-center gap-2">\n'
        '          <div class="progress progress-thin flex-grow-1" role="progressbar" aria-label="Del 2-teman"'
        ' aria-valuenow="4" aria-valuemin="0" aria-valuemax="19"><div class="progress-bar  pct-21"></div></div>\n'
        '          <span class="small text-nowrap">4 av 19</span>\n        </div>\n      </td>\n'
        '      <td class="small text-nowrap">30 nov 2026</td>\n    </tr>\n  '
    ) in html


def test_an_at_risk_row_is_marked_and_a_completed_one_is_green():
    html = _render(_row(1, 8, at_risk=True), _row(19, 19))
    assert '<tr class="table-warning">' in html
    assert 'title="Mindre än tre månader kvar av tvåårsperioden"' in html
    assert "pct-12" in html  # 12.5 rounds to even, as {% widthratio %} rounds it
    assert '<div class="progress-bar bg-success pct-100">' in html


def test_an_organisation_without_del2_themes_gives_an_empty_bar():
    assert '<div class="progress-bar bg-success pct-0">' in _render(_row(0, 0))


def test_a_name_is_escaped():
    assert "<td>&lt;b&gt; Berg</td>" in _render(_row(1, 2, name="<b>"))


def test_no_rows_give_an_empty_body():
    assert "<tbody>\n  \n  </tbody>" in _render()
