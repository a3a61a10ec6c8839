"""The one PDF helper: render a print template's HTML as an A4 PDF with WeasyPrint.

Plans, blank checklists, reports, register extracts and certificates all come through here. The font is
DejaVu Sans, found through fontconfig (the OS package fonts-dejavu-core that the README lists), so Swedish
å, ä and ö render the same on every machine the project sets up.

The parsed stylesheets and the font configuration are kept for the life of the process (a stylesheet is
parsed again when its file changes): a worker rendering hundreds of plans parses them once.
"""

import functools
import re
import statistics
import time
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

PRINT_CSS = Path(settings.BASE_DIR) / "static" / "checklists" / "print.css"
TRIVIAL_HTML = "<p>Hej</p>"


@functools.cache
def _font_config():
    from weasyprint.text.fonts import FontConfiguration  # imported late: loading Pango is slow

    return FontConfiguration()


@functools.lru_cache(maxsize=32)
def _stylesheet(path: str, modified: float):
    from weasyprint import CSS

    return CSS(filename=path, font_config=_font_config())


def _stylesheets(paths: Sequence[Path]) -> list:
    return [_stylesheet(str(path), path.stat().st_mtime) for path in paths]


def write_pdf(html: str, *, stylesheets: Sequence[Path] = (PRINT_CSS,)) -> bytes:
    """Render HTML as a PDF with the given stylesheets (the project's print stylesheet unless told)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=_stylesheets(stylesheets), font_config=_font_config()
    )


def render_pdf(template_name: str, context: dict, *, stylesheets: Sequence[Path] = (PRINT_CSS,)) -> bytes:
    """Render a print template with its context as a PDF."""
    return write_pdf(render_to_string(template_name, context), stylesheets=stylesheets)


def measure(html: str, *, stylesheets: Sequence[Path] = (PRINT_CSS,), repeats: int = 5) -> dict:
    """Time a document against a trivial one and against its own text unstyled, interleaved in this warm process.

    The floor is the same HTML without any stylesheet or <style> block: what WeasyPrint itself costs
    for that text. Medians in milliseconds, and the document's ratio to each.
    """
    unstyled = re.sub(r"<style\b.*?</style>", "", html, flags=re.DOTALL | re.IGNORECASE)
    cases = {
        "trivial": lambda: write_pdf(TRIVIAL_HTML, stylesheets=()),
        "unstyled": lambda: write_pdf(unstyled, stylesheets=()),
        "document": lambda: write_pdf(html, stylesheets=stylesheets),
    }
    for render in cases.values():
        render()  # warm: fonts, the stylesheets' cache, imports
    times = {name: [] for name in cases}
    for _round in range(repeats):
        for name, render in cases.items():
            started = time.perf_counter()
            render()
            times[name].append(time.perf_counter() - started)
    medians = {name: statistics.median(values) * 1000 for name, values in times.items()}
    return {
        "trivial_ms": round(medians["trivial"], 1),
        "unstyled_ms": round(medians["unstyled"], 1),
        "document_ms": round(medians["document"], 1),
        "ratio_to_trivial": round(medians["document"] / medians["trivial"], 2),
        "ratio_to_unstyled": round(medians["document"] / medians["unstyled"], 2),
    }
