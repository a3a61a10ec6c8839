"""Draw horizontal bar charts as SVG on the server, so the page and the PDF show the same picture."""

from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from districts.markup import escape
from reports.suppression import Hidden
from reports.tables import Kind, display

PALETTE = ("#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#d63384", "#20c997")
FONT = "DejaVu Sans, Arial, sans-serif"


@dataclass(frozen=True)
class Series:
    name: str
    values: list  # numbers, Hidden or None, one per category


def bar_chart(
    *,
    title: str,
    categories: list[str],
    series: list[Series],
    kind: Kind = Kind.COUNT,
    width: int = 720,
    max_value: float | None = None,
) -> SafeString:
    """Return an SVG with one group of horizontal bars per category; hidden values are written, not drawn."""
    shortened = [_shorten(category) for category in categories]
    label_width = min(270, int(max([len(short) for short in shortened] + [8]) * 7.2) + 16)
    bar_height, gap, top = 14, 10, 44
    group_height = bar_height * len(series) + gap
    legend_height = 22 if len(series) > 1 else 0
    height = top + group_height * max(len(categories), 1) + legend_height + 10
    numbers = [value for one in series for value in one.values if isinstance(value, int | float) and value is not None]
    scale_max = max_value or max(numbers + [1])
    plot_width = width - label_width - 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" font-family="{FONT}" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="18" font-size="15" font-weight="bold" fill="#212529">{escape(title)}</text>',
    ]
    if not categories:
        parts.append(f'<text x="0" y="{top + 10}" fill="#6c757d">–</text>')
    # Ten years of rounds are ~1,000 categories: what does not change from bar to bar (a series' colour and
    # escaped name, a number's text) is worked out once, not for every bar.
    drawn = [(PALETTE[position % len(PALETTE)], escape(one.name), one.values) for position, one in enumerate(series)]
    texts: dict = {}
    for index, short in enumerate(shortened):
        y = top + index * group_height
        parts.append(
            f'<text x="{label_width - 8}" y="{y + group_height / 2}" text-anchor="end" '
            f'dominant-baseline="middle" fill="#212529">{escape(short)}</text>'
        )
        for position, (color, name, values) in enumerate(drawn):
            value = values[index]
            kind_of = type(value)
            if kind_of is int or kind_of is float:
                text = texts.get((kind_of, value))
                if text is None:
                    text = texts[(kind_of, value)] = escape(display(value, kind))
                drawn_bar = bool(value)
            else:
                text = escape(display(value, kind))
                drawn_bar = isinstance(value, int | float) and not isinstance(value, bool) and bool(value)
            bar_y = y + position * bar_height
            length = 0.0
            if drawn_bar:
                length = max(1.0, plot_width * float(value) / scale_max)
                parts.append(
                    f'<rect x="{label_width}" y="{bar_y}" width="{length:.1f}" height="{bar_height - 2}" '
                    f'fill="{color}"><title>{name}: {text}</title></rect>'
                )
            text_fill = "#6c757d" if value is None or isinstance(value, Hidden) else "#212529"
            parts.append(
                f'<text x="{label_width + length + 4:.1f}" y="{bar_y + bar_height / 2}" dominant-baseline="middle" '
                f'font-size="11" fill="{text_fill}">{text}</text>'
            )
    if len(series) > 1:
        y = height - legend_height + 4
        x = label_width
        for position, one in enumerate(series):
            color = PALETTE[position % len(PALETTE)]
            parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{color}"/>')
            parts.append(f'<text x="{x + 16}" y="{y + 10}" fill="#212529">{escape(one.name)}</text>')
            x += 16 + len(one.name) * 7 + 24
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)


def _shorten(text: str, limit: int = 36) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
