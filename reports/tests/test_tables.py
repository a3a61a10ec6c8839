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


def _as_the_template_wrote_it(table) -> str:
    # templates/reports/_table.html as it was before Table.html wrote the section, kept to compare with.
    from pathlib import Path

    from django.template import engines

    source = (Path(__file__).parent / "table_template.html").read_text()
    return engines["django"].from_string(source).render({"table": table})


@pytest.mark.parametrize("language", ["sv", "en"])
def test_html_is_the_markup_the_template_wrote(language):
    from django.utils.safestring import mark_safe

    with translation.override(language):
        tables = [
            Table(
                title="<Tabell> & 1",
                columns=[Column("Enhet", Kind.TEXT), Column("Antal <n>", Kind.COUNT), Column("Andel", Kind.SHARE)],
                rows=[["Öst & Väst", 12, 0.5], ["Norr", 3, 1], ["Söder", 30, 0.25]],
                total=["Totalt", 45, 0.4],
                groups=[("", 1), ("Grupp & mer", 2)],
                chart=mark_safe('<svg role="img"><title>a &amp; b</title></svg>'),
                note="En not <i>med</i> tecken",
            ),
            Table(title="Tom", columns=[Column("Enhet", Kind.TEXT), Column("Antal")], empty_text="Inga <enkäter>."),
            Table(title="Tom utan text", columns=[Column("Enhet", Kind.TEXT), Column("Dagar", Kind.DAYS)], rows=[]),
            Table(
                title="Medel",
                columns=[Column("Fråga", Kind.TEXT), Column("Svar"), Column("Medel", Kind.MEAN)],
                rows=[["a", 10, 3.25], ["b", None, None]],
                summed=(),
                chart="<not safe>",
            ),
        ]
        for table in tables:
            assert str(table.html()) == _as_the_template_wrote_it(table), table.title


@pytest.mark.parametrize("language", ["sv", "en"])
def test_body_html_writes_every_kind_of_cell_as_display_and_escaping_do(language):
    from django.utils.safestring import mark_safe

    from districts.markup import conditional_escape

    columns = [Column("Text", Kind.TEXT), Column("Antal"), Column("Andel", Kind.SHARE), Column("Medel", Kind.MEAN)]
    columns.append(Column("Dagar", Kind.DAYS))
    rows = [
        ["<b>a</b> & b", 0, 0.5, 3.25, 2.5],
        [mark_safe("<i>säker</i>"), 999, 1, 3.25, 3],
        [7, 1000, 0.5, None, Decimal("1.5")],
        [None, 123456, 2.5, 1, 0],
        ["c", 12.0, Decimal("0.125"), 0.05, 12],
    ]
    table = Table(title="t", columns=columns, rows=rows, summed=())
    with translation.override(language):
        expected = "".join(
            "<tr>"
            + "".join(
                f'<td class="{"" if column.kind == Kind.TEXT else "text-end"}">'
                f"{conditional_escape(display(value, column.kind))}</td>"
                for value, column in zip(row, columns, strict=True)
            )
            + "</tr>"
            for row in table.rows
        )
        assert table.body_html() == expected
    assert "<i>säker</i>" in expected and "&lt;b&gt;a&lt;/b&gt; &amp; b" in expected
