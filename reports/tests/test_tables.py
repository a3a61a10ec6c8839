from decimal import Decimal

import pytest
from django.utils import formats, translation

from reports.suppression import Hidden
from reports.tables import Column, Kind, Table, display, half_up


def test_body_html_escapes_every_cell_as_the_template_did():
    table = Table(
        title="t",
        columns=[Column("Enhet", Kind.TEXT), Column("Antal", Kind.COUNT), Column("Andel", Kind.SHARE)],
        rows=[["<b>Öst & Väst</b>", Hidden(5), 0.625], ["Norr", 1234, None]],
        summed=(),
    )
    html = table.body_html()
    assert html == (
        '<tr><td class="">&lt;b&gt;Öst &amp; Väst&lt;/b&gt;</td><td class="text-end">&lt; 5</td>'
        '<td class="text-end">63\u00a0%</td></tr>'
        f'<tr><td class="">Norr</td><td class="text-end">{display(1234)}</td><td class="text-end">–</td></tr>'
    )


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_quick_formats_give_what_number_format_gives(language):
    with translation.override(language):
        for count in (0, 7, 999, 1000, 123456):
            assert display(count, Kind.COUNT) == formats.number_format(count, 0, use_l10n=True, force_grouping=True)
        for share in (0, 0.0, 0.005, 0.125, 0.625, 0.995, 1, 1 / 3, Decimal("0.5")):
            expected = f"{formats.number_format(half_up(share * 100, 0), 0, use_l10n=True)}\u00a0%"
            assert display(share, Kind.SHARE) == expected
