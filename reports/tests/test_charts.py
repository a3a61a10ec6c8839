from xml.etree import ElementTree

from django.utils import translation

from reports.charts import Series, bar_chart
from reports.suppression import Hidden


def test_chart_is_valid_svg_with_a_bar_per_value_and_hidden_values_written_not_drawn():
    svg = bar_chart(
        title="Anmälda <och> slutförda",
        categories=["R1", "R2"],
        series=[Series("Anmälda", [8, Hidden(5)]), Series("Slutförda", [5, 0])],
    )
    root = ElementTree.fromstring(svg)
    namespace = "{http://www.w3.org/2000/svg}"
    bars = [rect for rect in root.iter(f"{namespace}rect") if rect.find(f"{namespace}title") is not None]
    assert len(bars) == 2  # 8 and 5; the hidden value and the zero draw no bar
    texts = [element.text for element in root.iter(f"{namespace}text")]
    assert "< 5" in texts and "Anmälda <och> slutförda" in texts


def test_longest_bar_spans_the_plot():
    svg = bar_chart(title="t", categories=["a", "b"], series=[Series("s", [10, 5])], width=500)
    widths = sorted(float(w) for w in __import__("re").findall(r'<rect x="\d+" y="[\d.]+" width="([\d.]+)"', svg))
    assert widths[1] == 2 * widths[0]


def test_the_svg_is_written_as_before_to_the_character():
    # ruff: noqa: E501 (the SVG's elements one a line)
    # What the chart gave before its loop was made quicker (numbers, hidden and missing values, a long label).
    with translation.override("sv"):
        svg = bar_chart(
            title="A <&> b",
            categories=["R1", "Ett mycket långt namn på en kursomgång som kortas", "R3"],
            series=[Series("Anmälda & <x>", [8, Hidden(5), None]), Series("Slutförda", [5, 0, 2.5])],
        )
    assert svg == (
        '<svg xmlns="http://www.w3.org/2000/svg" width="720" height="190" viewBox="0 0 720 190" role="img" aria-label="A &lt;&amp;&gt; b" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">'
        "<title>A &lt;&amp;&gt; b</title>"
        '<text x="0" y="18" font-size="15" font-weight="bold" fill="#212529">A &lt;&amp;&gt; b</text>'
        '<text x="262" y="63.0" text-anchor="end" dominant-baseline="middle" fill="#212529">R1</text>'
        '<rect x="270" y="44" width="380.0" height="12" fill="#0d6efd">'
        "<title>Anmälda &amp; &lt;x&gt;: 8</title></rect>"
        '<text x="654.0" y="51.0" dominant-baseline="middle" font-size="11" fill="#212529">8</text>'
        '<rect x="270" y="58" width="237.5" height="12" fill="#198754">'
        "<title>Slutförda: 5</title></rect>"
        '<text x="511.5" y="65.0" dominant-baseline="middle" font-size="11" fill="#212529">5</text>'
        '<text x="262" y="101.0" text-anchor="end" dominant-baseline="middle" fill="#212529">Ett mycket långt namn på en kursomg…</text>'
        '<text x="274.0" y="89.0" dominant-baseline="middle" font-size="11" fill="#6c757d">&lt; 5</text>'
        '<text x="274.0" y="103.0" dominant-baseline="middle" font-size="11" fill="#212529">0</text>'
        '<text x="262" y="139.0" text-anchor="end" dominant-baseline="middle" fill="#212529">R3</text>'
        '<text x="274.0" y="127.0" dominant-baseline="middle" font-size="11" fill="#6c757d">–</text>'
        '<rect x="270" y="134" width="118.8" height="12" fill="#198754">'
        "<title>Slutförda: 2</title></rect>"
        '<text x="392.8" y="141.0" dominant-baseline="middle" font-size="11" fill="#212529">2</text>'
        '<rect x="270" y="172" width="12" height="12" fill="#0d6efd"/>'
        '<text x="286" y="182" fill="#212529">Anmälda &amp; &lt;x&gt;</text>'
        '<rect x="401" y="172" width="12" height="12" fill="#198754"/>'
        '<text x="417" y="182" fill="#212529">Slutförda</text></svg>'
    )
