from xml.etree import ElementTree

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
