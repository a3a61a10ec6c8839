"""The one PDF helper: render a print template's HTML as an A4 PDF with WeasyPrint.

Plans, blank checklists, reports, register extracts and certificates all come through here. The font is
DejaVu Sans, found through fontconfig (the OS package fonts-dejavu-core that the README lists), so Swedish
å, ä and ö render the same on every machine the project sets up.
"""

from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

PRINT_CSS = Path(settings.BASE_DIR) / "static" / "checklists" / "print.css"


def write_pdf(html: str, *, stylesheets: Sequence[Path] = (PRINT_CSS,)) -> bytes:
    """Render HTML as a PDF with the given stylesheets (the project's print stylesheet unless told)."""
    from weasyprint import CSS, HTML  # imported late: loading Pango is slow and only PDFs need it

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[CSS(filename=str(path)) for path in stylesheets]
    )


def render_pdf(template_name: str, context: dict, *, stylesheets: Sequence[Path] = (PRINT_CSS,)) -> bytes:
    """Render a print template with its context as a PDF."""
    return write_pdf(render_to_string(template_name, context), stylesheets=stylesheets)
